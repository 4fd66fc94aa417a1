package org.nvr.core.record;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A segment as the index holds it.
 *
 * @param id              index id
 * @param stream          camera stream
 * @param sequence        per-stream sequence number
 * @param startUtc        wall-clock start
 * @param endUtc          wall-clock end
 * @param mediaDuration90k media duration, 90 kHz ticks
 * @param bytes           file size
 * @param frames          samples
 * @param path            file path relative to the storage root
 * @param endReason       why it ended
 * @param sha256          hex SHA-256 of the file
 * @param clockSource     how the start time was obtained
 */
public record SegmentRow(long id, StreamKey stream, long sequence, Instant startUtc, Instant endUtc,
                         long mediaDuration90k, long bytes, long frames, Path path, EndReason endReason,
                         String sha256, org.nvr.core.model.ClockSource clockSource) {
}
