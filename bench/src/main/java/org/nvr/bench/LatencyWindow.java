package org.nvr.bench;

import java.util.Arrays;

/**
 * Durations recorded while a window is open, each kept exactly (not in histogram buckets), so that the window's
 * p50, p99 and max are the real ones. Bounded: at most {@code capacity} values per window; values beyond it are
 * counted in {@link #overflow()}, not kept, and the percentiles are then over the first {@code capacity} values.
 * Thread-safe: writer threads record while the benchmark's main thread opens and closes the window.
 */
final class LatencyWindow {
    private final long[] nanos;
    private int size;
    private long overflow;
    private boolean open;

    LatencyWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        nanos = new long[capacity];
    }

    /** Forgets what an earlier window kept and starts keeping durations. */
    synchronized void open() {
        size = 0;
        overflow = 0;
        open = true;
    }

    /** Stops keeping durations; what was kept stays readable. */
    synchronized void close() {
        open = false;
    }

    /** Keeps {@code durationNanos} when the window is open. */
    synchronized void record(long durationNanos) {
        if (!open) {
            return;
        }
        if (size == nanos.length) {
            overflow++;
            return;
        }
        nanos[size++] = durationNanos;
    }

    /** Every duration recorded in the window, kept or not. */
    synchronized long count() {
        return size + overflow;
    }

    /** Durations recorded beyond the capacity, not in the percentiles. */
    synchronized long overflow() {
        return overflow;
    }

    /** p50, p99 and max of the kept durations. */
    synchronized Percentiles percentiles() {
        return Percentiles.of(Arrays.copyOf(nanos, size), size);
    }
}
