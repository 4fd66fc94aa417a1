package org.nvr.core.record;

import java.time.Instant;
import java.util.Objects;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;

/**
 * What a new segment file starts with: written into the file itself (so the index can be rebuilt from disk) and
 * into its index row.
 *
 * @param stream       the camera stream
 * @param sequence     per-stream sequence number, increasing by one per segment (survives restarts via the index)
 * @param startUtc     wall-clock time of the first (key) frame
 * @param startPts90k  that frame's 90 kHz PTS in the session's timeline (media time inside the file starts at 0)
 * @param parameters   SPS/PPS for the {@code avcC} box
 * @param clockSource  how {@code startUtc} was obtained
 */
public record SegmentStart(StreamKey stream, long sequence, Instant startUtc, long startPts90k,
                           VideoParameters parameters, ClockSource clockSource) {
    public SegmentStart {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(startUtc, "startUtc");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(clockSource, "clockSource");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0");
        }
    }
}
