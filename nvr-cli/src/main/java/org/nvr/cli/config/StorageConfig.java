package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The data disk: {@code storage:} in nvr.yaml.
 *
 * @param minFreeBytes    keep at least this much free on the data disk, deleting the oldest footage first
 *                        (default 1GiB); recording of the newest never stops for it
 * @param retentionPeriod how often retention runs (5s..1m, default 30s), so expired footage goes within a minute
 */
public record StorageConfig(long minFreeBytes, Duration retentionPeriod) {
    public static final StorageConfig DEFAULT = new StorageConfig(1L << 30, Duration.ofSeconds(30));

    public StorageConfig {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("'storage.minFreeBytes' must not be negative");
        }
        if (retentionPeriod.compareTo(Duration.ofSeconds(5)) < 0
                || retentionPeriod.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("'storage.retentionPeriod' must be between 5s and 1m");
        }
    }

    @JsonCreator
    static StorageConfig fromYaml(@JsonProperty("minFreeBytes") String minFreeBytes,
                                  @JsonProperty("retentionPeriod") String retentionPeriod) {
        return new StorageConfig(
                minFreeBytes == null ? DEFAULT.minFreeBytes()
                        : ByteSizeText.parse("storage.minFreeBytes", minFreeBytes),
                retentionPeriod == null ? DEFAULT.retentionPeriod()
                        : DurationText.parse("storage.retentionPeriod", retentionPeriod));
    }
}
