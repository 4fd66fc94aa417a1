package org.nvr.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.nvr.core.time.NvrClock;

/**
 * Progress of a download on standard error: on a terminal a bar redrawn in place (at most every
 * {@link #REDRAW_NANOS}), percent of the expected length and MiB/s; either way one summary line at the end.
 */
final class TransferProgress {
    /** Least time between two redraws: faster only flickers and costs a write per buffer. */
    static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR_WIDTH = 30;
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintWriter err;
    private final boolean terminal;
    private final NvrClock clock;
    private final long totalBytes;
    private final long startNanos;
    private long lastDrawNanos;

    /**
     * @param terminal   whether standard error is a terminal (draw the bar)
     * @param totalBytes expected length, bytes (the response's Content-Length)
     */
    TransferProgress(PrintWriter err, boolean terminal, NvrClock clock, long totalBytes) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.totalBytes = totalBytes;
        this.startNanos = clock.monotonicNanos();
        this.lastDrawNanos = startNanos - REDRAW_NANOS;
    }

    /** {@code bytes} received so far. */
    void update(long bytes) {
        if (!terminal) {
            return;
        }
        long now = clock.monotonicNanos();
        if (now - lastDrawNanos >= REDRAW_NANOS) {
            lastDrawNanos = now;
            err.print("\r" + bar(bytes, now));
            err.flush();
        }
    }

    /** The download ended with {@code bytes}; prints the summary {@code what} starts with. */
    void finish(long bytes, String what) {
        long now = clock.monotonicNanos();
        if (terminal) {
            err.println("\r" + bar(bytes, now));
        }
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        err.println(String.format(Locale.ROOT, "%s: %.1f MiB in %.1f s (%.1f MiB/s)", what, bytes / MIB, seconds,
                bytes / MIB / seconds));
        err.flush();
    }

    /** One line: {@code [#######-----]  42%  12.3/29.0 MiB  5.1 MiB/s}. */
    String bar(long bytes, long nowNanos) {
        int percent = totalBytes <= 0 ? 100 : (int) Math.min(100, bytes * 100 / totalBytes);
        int filled = percent * BAR_WIDTH / 100;
        double seconds = Math.max(nowNanos - startNanos, 1) / 1e9;
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %.1f/%.1f MiB  %.1f MiB/s", "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled), percent, bytes / MIB, totalBytes / MIB, bytes / MIB / seconds);
    }
}
