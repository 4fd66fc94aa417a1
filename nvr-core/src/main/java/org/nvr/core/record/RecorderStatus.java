package org.nvr.core.record;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a {@link Recorder}, refreshed after each batch of items it handles.
 *
 * @param state           what it is doing
 * @param segmentStartUtc wall-clock start of the open segment, or null when none is open
 * @param segmentSequence sequence number of the open segment, or -1 when none is open
 * @param segmentFrames   units written to the open segment (0 when none is open)
 * @param segmentsWritten segments finished (durable) since the recorder started
 * @param lastError       the latest write or index failure, or null when there was none
 */
public record RecorderStatus(RecorderState state, Instant segmentStartUtc, long segmentSequence,
                             long segmentFrames, long segmentsWritten, String lastError) {
    public RecorderStatus {
        Objects.requireNonNull(state, "state");
        if (segmentSequence < -1 || segmentFrames < 0 || segmentsWritten < 0) {
            throw new IllegalArgumentException("bad recorder status: sequence=" + segmentSequence + ", frames="
                    + segmentFrames + ", segments=" + segmentsWritten);
        }
    }

    /** The status of a recorder that has not started. */
    static RecorderStatus initial() {
        return new RecorderStatus(RecorderState.NEW, null, -1, 0, 0, null);
    }
}
