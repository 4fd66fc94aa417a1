package org.nvr.storage.index;

import java.time.Instant;

/**
 * Converts between {@link Instant} and the index's time unit: 90 kHz ticks since 1970-01-01 00:00:00 UTC (leap
 * seconds excluded), as Moonfire NVR stores {@code start_time_90k}.
 *
 * <p>Rounding: one tick is 11 111.1 ns, so an instant survives the trip only to tick precision.
 * {@link #toTicks} rounds down (the tick that contains the instant); {@link #toInstant} returns the earliest
 * nanosecond inside the tick (rounding up), so {@code toTicks(toInstant(t)) == t} for every tick and
 * {@code toInstant(toTicks(i))} is at most 11 112 ns before {@code i}. The arithmetic is exact in {@code long}
 * for any instant whose tick count fits, i.e. until about year 3 000 000 (the seconds part multiplies by
 * 90 000 and the nanosecond part by 9 before dividing).
 */
public final class Time90k {
    /** Ticks per second. */
    public static final long TICKS_PER_SECOND = 90_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000;

    private Time90k() {
    }

    /** The tick containing {@code instant} (floor). */
    public static long toTicks(Instant instant) {
        // nanos * 90_000 / 1e9 == nanos * 9 / 100_000; nanos < 1e9 so nanos * 9 < 9e9 fits easily.
        long fraction = instant.getNano() * 9L / 100_000L;
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), TICKS_PER_SECOND), fraction);
    }

    /**
     * The first tick that starts at or after {@code instant}: the exclusive tick bound of a range ending at
     * {@code instant}, so that a row starting at tick {@code k} starts before {@code instant} exactly when
     * {@code k < toTicksCeiling(instant)}.
     */
    public static long toTicksCeiling(Instant instant) {
        long floor = toTicks(instant);
        return toInstant(floor).equals(instant) ? floor : Math.addExact(floor, 1);
    }

    /** The earliest instant inside tick {@code ticks90k} (so that {@link #toTicks} maps it back exactly). */
    public static Instant toInstant(long ticks90k) {
        long seconds = Math.floorDiv(ticks90k, TICKS_PER_SECOND);
        long remainder = Math.floorMod(ticks90k, TICKS_PER_SECOND);
        // ceil(remainder * 1e9 / 90_000) = ceil(remainder * 100_000 / 9)
        long nanos = (remainder * 100_000L + 8) / 9;
        if (nanos >= NANOS_PER_SECOND) {
            throw new ArithmeticException("tick remainder out of range: " + remainder);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
