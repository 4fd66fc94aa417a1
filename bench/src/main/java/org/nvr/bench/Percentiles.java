package org.nvr.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles (p50, p99, max) of a set of durations in nanoseconds, printed in milliseconds.
 *
 * @param count  how many values
 * @param p50Nanos median
 * @param p99Nanos 99th percentile
 * @param maxNanos largest
 */
record Percentiles(int count, long p50Nanos, long p99Nanos, long maxNanos) {

    /** Sorts {@code values[0..count)} in place. */
    static Percentiles of(long[] values, int count) {
        if (count == 0) {
            return new Percentiles(0, 0, 0, 0);
        }
        Arrays.sort(values, 0, count);
        return new Percentiles(count, rank(values, count, 0.50), rank(values, count, 0.99), values[count - 1]);
    }

    private static long rank(long[] sorted, int count, double fraction) {
        int index = (int) Math.ceil(fraction * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    String millis() {
        return String.format("n=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f", count, p50Nanos / 1e6, p99Nanos / 1e6,
                maxNanos / 1e6);
    }
}
