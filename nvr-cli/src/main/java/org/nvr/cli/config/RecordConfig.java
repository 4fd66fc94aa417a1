package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Locale;

/**
 * How segments are written: {@code record:} in nvr.yaml.
 *
 * @param segmentDuration  a segment ends at the first keyframe after this much video (10s..10m, default 60s)
 * @param fragmentDuration an fMP4 fragment (the unit a crash can lose) holds about this much
 *                         (250ms..5s, default 1s)
 * @param fsyncEachFragment true: fsync every fragment as it is written (default); false: only at segment end
 */
public record RecordConfig(Duration segmentDuration, Duration fragmentDuration, boolean fsyncEachFragment) {
    public static final RecordConfig DEFAULT = new RecordConfig(Duration.ofSeconds(60), Duration.ofSeconds(1), true);

    public RecordConfig {
        if (segmentDuration.compareTo(Duration.ofSeconds(10)) < 0
                || segmentDuration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("'record.segmentDuration' must be between 10s and 10m");
        }
        if (fragmentDuration.compareTo(Duration.ofMillis(250)) < 0
                || fragmentDuration.compareTo(Duration.ofSeconds(5)) > 0) {
            throw new IllegalArgumentException("'record.fragmentDuration' must be between 250ms and 5s");
        }
    }

    @JsonCreator
    static RecordConfig fromYaml(@JsonProperty("segmentDuration") String segmentDuration,
                                 @JsonProperty("fragmentDuration") String fragmentDuration,
                                 @JsonProperty("fsync") String fsync) {
        boolean each;
        if (fsync == null || fsync.equals("eachFragment")) {
            each = true;
        } else if (fsync.equals("segmentEnd")) {
            each = false;
        } else {
            throw new IllegalArgumentException("'record.fsync' must be eachFragment or segmentEnd, got '" + fsync
                    + "'");
        }
        return new RecordConfig(
                segmentDuration == null ? DEFAULT.segmentDuration()
                        : DurationText.parse("record.segmentDuration", segmentDuration),
                fragmentDuration == null ? DEFAULT.fragmentDuration()
                        : DurationText.parse("record.fragmentDuration", fragmentDuration),
                each);
    }

    @Override
    public String toString() {
        return "RecordConfig[segment=" + segmentDuration + ", fragment=" + fragmentDuration + ", fsync="
                + (fsyncEachFragment ? "eachFragment" : "segmentEnd").toLowerCase(Locale.ROOT) + "]";
    }
}
