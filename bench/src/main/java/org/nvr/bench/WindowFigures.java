package org.nvr.bench;

import java.util.concurrent.TimeUnit;

/**
 * What every JVM of the whole-process benchmark measures over the window ({@link WindowMarkers}): its length, the
 * fsyncs in it ({@link LatencyWindow}, when the JVM times any) and the GC pauses in it ({@link GcPauseLog}).
 * {@link #start} and {@link #finish} are called by the main thread at the window's two ends.
 */
final class WindowFigures {
    private final LatencyWindow fsyncs;
    private final GcPauseLog gc;
    private long startNanos;
    private long startUptimeMillis;
    private long endNanos;
    private boolean finished;

    /**
     * @param fsyncs the fsyncs timed by this JVM, or null when it does none
     * @param gc     the JVM's GC pauses
     */
    WindowFigures(LatencyWindow fsyncs, GcPauseLog gc) {
        this.fsyncs = fsyncs;
        this.gc = gc;
    }

    void start() {
        if (fsyncs != null) {
            fsyncs.open();
        }
        startUptimeMillis = GcPauseLog.uptimeMillis();
        startNanos = System.nanoTime();
    }

    /**
     * Ends the window and returns its figures as {@code name=value} pairs for the {@code WINDOW} line: {@code seconds},
     * {@code fsync_n}, {@code fsync_per_s}, {@code fsync_p50_ms}, {@code fsync_p99_ms}, {@code fsync_max_ms},
     * {@code fsync_not_kept} (beyond the window's capacity), {@code gc_collections}, {@code gc_pause_ms},
     * {@code gc_longest_pause_ms}.
     */
    String finish() throws InterruptedException {
        endNanos = System.nanoTime();
        finished = true;
        long endUptimeMillis = GcPauseLog.uptimeMillis();
        if (fsyncs != null) {
            fsyncs.close();
        }
        double seconds = seconds();
        long fsyncCount = fsyncs == null ? 0 : fsyncs.count();
        Percentiles p = fsyncs == null ? Percentiles.of(new long[0], 0) : fsyncs.percentiles();
        GcPauseLog.GcPauses pauses = gc.between(startUptimeMillis, endUptimeMillis);
        return String.format("seconds=%.1f fsync_n=%d fsync_per_s=%.1f fsync_p50_ms=%.3f fsync_p99_ms=%.3f"
                        + " fsync_max_ms=%.3f fsync_not_kept=%d gc_collections=%d gc_pause_ms=%d"
                        + " gc_longest_pause_ms=%d", seconds, fsyncCount, fsyncCount / seconds, p.p50Nanos() / 1e6,
                p.p99Nanos() / 1e6, p.maxNanos() / 1e6, fsyncs == null ? 0 : fsyncs.overflow(),
                pauses.collections(), pauses.totalPauseMillis(), pauses.longestPauseMillis());
    }

    /** The window's length so far (after {@link #finish}: its whole length). */
    double seconds() {
        long end = finished ? endNanos : System.nanoTime();
        return Math.max(1e-9, (end - startNanos) / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
