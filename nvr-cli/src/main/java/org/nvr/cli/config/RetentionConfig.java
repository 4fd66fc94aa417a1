package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How long footage may be kept and how much disk it may take: {@code retention:} in nvr.yaml (all cameras) and
 * {@code cameras[].retention:} (one camera; its keys override the global ones).
 *
 * @param maxAge   the legal ceiling: footage older than this is deleted within a minute (1h..3650d, default 30d)
 * @param maxBytes disk quota in bytes; 0 means no quota (default 0)
 */
public record RetentionConfig(Duration maxAge, long maxBytes) {
    public static final RetentionConfig DEFAULT = new RetentionConfig(Duration.ofDays(30), 0);

    public RetentionConfig {
        if (maxAge.compareTo(Duration.ofHours(1)) < 0 || maxAge.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("'retention.maxAge' must be between 1h and 3650d");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("'retention.maxBytes' must not be negative");
        }
    }

    @JsonCreator
    static RetentionConfig fromYaml(@JsonProperty("maxAge") String maxAge, @JsonProperty("maxBytes") String maxBytes) {
        return new RetentionConfig(maxAge == null ? DEFAULT.maxAge() : DurationText.parse("retention.maxAge", maxAge),
                maxBytes == null ? DEFAULT.maxBytes() : ByteSizeText.parse("retention.maxBytes", maxBytes));
    }
}
