package org.nvr.storage.segment;

import java.time.Instant;
import java.util.Objects;
import org.nvr.core.record.StreamKey;

/**
 * What a segment file's path says (see {@link SegmentPaths}).
 *
 * @param stream     camera and stream
 * @param startUtc   segment start, to the millisecond (the file's metadata box holds it to the nanosecond)
 * @param sequence   per-stream sequence number
 */
public record SegmentPathParts(StreamKey stream, Instant startUtc, long sequence) {
    public SegmentPathParts {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(startUtc, "startUtc");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0: " + sequence);
        }
    }
}
