package org.nvr.core.record;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.nvr.core.model.Gap;

/**
 * The time index of recordings (implemented by nvr-storage on H2). Methods are thread-safe; each call is one
 * transaction.
 */
public interface RecordingIndex {
    /** The next segment sequence number for a stream (one more than the highest ever indexed, or 0). */
    long nextSequence(StreamKey stream);

    /** Records a finished, durable segment (after its file and directory were fsynced). */
    void addSegment(SegmentSummary segment);

    /** Records an interruption of a stream. */
    void addGap(StreamKey stream, Gap gap);

    /** Segments of a stream overlapping [from, to), in start order. */
    List<SegmentRow> segments(StreamKey stream, Instant from, Instant to);

    /** Gaps of a stream overlapping [from, to), in start order. */
    List<Gap> gaps(StreamKey stream, Instant from, Instant to);

    /** The segment and fragment holding wall-clock time {@code t}, if recorded. */
    Optional<FragmentLocation> fragmentAt(StreamKey stream, Instant t);

    /** First and last recorded instant and total bytes of a camera, or empty when it has no recordings. */
    Optional<RecordedSpan> span(String cameraId);
}
