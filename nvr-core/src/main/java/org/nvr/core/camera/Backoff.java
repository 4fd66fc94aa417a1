package org.nvr.core.camera;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnecting to a camera: min, 2·min, 4·min ... up to max, each delay drawn
 * uniformly from [(1 - jitter)·d, d] so that cameras that dropped together (a site's router rebooting) do not all
 * reconnect in the same instant, and no delay ever exceeds max.
 */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;
    private int failures;

    /**
     * @param min    first delay
     * @param max    largest delay
     * @param jitter fraction of each delay that is random, 0..1
     * @param random source of jitter (injected for tests)
     */
    public Backoff(Duration min, Duration max, double jitter, RandomGenerator random) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        this.jitter = jitter;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public Duration next() {
        int doublings = Math.min(failures, 30);
        failures++;
        long ceilingNanos = Math.min(max.toNanos(), saturatingShift(min.toNanos(), doublings));
        long floorNanos = (long) (ceilingNanos * (1 - jitter));
        long nanos = floorNanos + (long) (random.nextDouble() * (ceilingNanos - floorNanos));
        return Duration.ofNanos(Math.max(nanos, 1));
    }

    /** Back to the first delay: the camera delivered video again. */
    public void reset() {
        failures = 0;
    }

    /** Failures counted since the last reset. */
    public int failures() {
        return failures;
    }

    private static long saturatingShift(long value, int bits) {
        return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
    }
}
