package org.nvr.storage.playback;

import java.time.Instant;
import org.nvr.storage.index.Time90k;

/**
 * Wall time of a sample: its segment's start plus its media time. The conversion is the one the segment writer
 * uses for a segment's end ({@code ticks * 100 000 / 9} nanoseconds, floored), so a sample at the segment's full
 * media duration lands exactly on the index's end time.
 */
public final class WallTime {
    private WallTime() {
    }

    /** {@code startUtc} plus {@code media90k} ticks, floored to the nanosecond. */
    public static Instant of(Instant startUtc, long media90k) {
        return startUtc.plusNanos(Math.multiplyExact(media90k, 100_000L) / 9);
    }

    /** The same time as 90 kHz ticks since the epoch: the tick of {@code startUtc} plus {@code media90k}. */
    public static long ticks(Instant startUtc, long media90k) {
        return Math.addExact(Time90k.toTicks(startUtc), media90k);
    }
}
