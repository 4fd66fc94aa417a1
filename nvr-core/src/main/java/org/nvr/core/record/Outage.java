package org.nvr.core.record;

import java.time.Instant;
import java.util.Objects;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;

/**
 * A span in which video arrived but was not recorded, through the NVR's own fault: writing failed, or the
 * recorder fell behind and the hub dropped units. It becomes a {@link GapCause#DISK} gap from its start to the
 * wall time of the first unit recorded again. Not thread-safe: the recorder's drain owns it.
 */
final class Outage {
    private Instant start;
    private final String detail;
    private final boolean writeError;
    private long retryAtNanos;

    /**
     * @param start        wall time from which video was lost
     * @param detail       why, for the gap
     * @param writeError   true for a write error (recording waits for the retry delay), false for a drop
     * @param retryAtNanos monotonic time from which a keyframe may open a new segment
     */
    Outage(Instant start, String detail, boolean writeError, long retryAtNanos) {
        this.start = Objects.requireNonNull(start, "start");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.writeError = writeError;
        this.retryAtNanos = retryAtNanos;
    }

    boolean writeError() {
        return writeError;
    }

    boolean retryDue(long nowNanos) {
        return nowNanos - retryAtNanos >= 0;
    }

    /** Another failure while already out: the next attempt waits again. */
    void retryAt(long nanos) {
        retryAtNanos = nanos;
    }

    Instant start() {
        return start;
    }

    /**
     * The gap from this outage's start to {@code end}. A wall clock stepped back gives a gap of no length at
     * {@code end}, still recorded (as {@code CameraIngest} does), since what lies on either side does not join.
     */
    Gap gapUntil(Instant end) {
        return end.isBefore(start) ? new Gap(end, end, GapCause.DISK, detail)
                : new Gap(start, end, GapCause.DISK, detail);
    }

    /**
     * A camera gap from {@code gap.start()} to {@code gap.end()} interrupts this outage: the part before it is
     * returned (or null when there is none) and the outage continues from the gap's end, so that the DISK gap
     * and the camera's gap do not overlap.
     */
    Gap splitAt(Gap gap) {
        Gap before = gap.start().isAfter(start) ? new Gap(start, gap.start(), GapCause.DISK, detail) : null;
        if (gap.end().isAfter(start)) {
            start = gap.end();
        }
        return before;
    }
}
