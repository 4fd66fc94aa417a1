package org.nvr.core.record;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finished, durable segment file: everything its index row holds. Produced by
 * {@link SegmentWriter#finish(EndReason)} after the file and its directory were fsynced.
 *
 * @param start           what the segment started with
 * @param path            the file, relative to the storage root
 * @param endUtc          wall-clock end: start plus media duration
 * @param mediaDuration90k sum of the sample durations, 90 kHz ticks (never more than the file holds)
 * @param bytes           file size
 * @param frames          number of samples
 * @param sha256          lower-case hex SHA-256 of the whole file
 * @param fragments       seek index, in file order
 * @param endReason       why it ended
 */
public record SegmentSummary(SegmentStart start, Path path, Instant endUtc, long mediaDuration90k, long bytes,
                             long frames, String sha256, List<FragmentEntry> fragments, EndReason endReason) {
    public SegmentSummary {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(endUtc, "endUtc");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(endReason, "endReason");
        fragments = List.copyOf(fragments);
        if (mediaDuration90k < 0 || bytes <= 0 || frames < 0) {
            throw new IllegalArgumentException("bad segment summary for " + path);
        }
        if (endUtc.isBefore(start.startUtc())) {
            throw new IllegalArgumentException("segment ends before it starts: " + path);
        }
    }
}
