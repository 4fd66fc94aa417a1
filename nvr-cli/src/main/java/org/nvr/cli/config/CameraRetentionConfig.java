package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Optional;

/**
 * One camera's retention ({@code cameras[].retention:}). A camera can only shorten the global legal ceiling.
 *
 * @param maxAge   this camera's ceiling, if shorter than {@code retention.maxAge}
 * @param maxBytes this camera's disk quota in bytes; 0 means none
 */
public record CameraRetentionConfig(Optional<Duration> maxAge, long maxBytes) {
    public static final CameraRetentionConfig NONE = new CameraRetentionConfig(Optional.empty(), 0);

    public CameraRetentionConfig {
        maxAge.ifPresent(age -> {
            if (age.compareTo(Duration.ofHours(1)) < 0 || age.compareTo(Duration.ofDays(3650)) > 0) {
                throw new IllegalArgumentException("'cameras[].retention.maxAge' must be between 1h and 3650d");
            }
        });
        if (maxBytes < 0) {
            throw new IllegalArgumentException("'cameras[].retention.maxBytes' must not be negative");
        }
    }

    @JsonCreator
    static CameraRetentionConfig fromYaml(@JsonProperty("maxAge") String maxAge,
                                          @JsonProperty("maxBytes") String maxBytes) {
        return new CameraRetentionConfig(
                Optional.ofNullable(maxAge).map(text -> DurationText.parse("cameras[].retention.maxAge", text)),
                maxBytes == null ? 0 : ByteSizeText.parse("cameras[].retention.maxBytes", maxBytes));
    }

    /** The age limit in force for the camera: the shorter of its own and the global one. */
    public Duration effectiveMaxAge(RetentionConfig global) {
        return maxAge.filter(age -> age.compareTo(global.maxAge()) < 0).orElse(global.maxAge());
    }
}
