package org.nvr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the measured window of {@code bench/ingest-vs-floor.sh} begins and ends, as the script sees it: right after
 * it read the measured processes' CPU at the start of its window it creates {@code DIR/start}, and right after the
 * reading at the end {@code DIR/end} ({@code --window-dir DIR}). Every benchmark JVM of the phase polls for the two
 * files every {@value #POLL_MILLIS} ms, so its figures (fsyncs, GC pauses, drops, units received) cover the same
 * window as the script's CPU and file-growth figures, to within one poll. Files rather than signals: any number of
 * processes can watch them, the JVM keeps its own signal handlers, and a JVM that misses the moment still sees the
 * file afterwards.
 *
 * <p>Without a directory the JVM measures its own window: from {@link #awaitStart} to the deadline given to
 * {@link #awaitEnd}.
 */
final class WindowMarkers {
    static final long POLL_MILLIS = 10;
    static final String START = "start";
    static final String END = "end";

    private final Path dir;

    private WindowMarkers(Path dir) {
        this.dir = dir;
    }

    /** The {@code --window-dir} option: empty means no script markers. */
    static WindowMarkers of(String dirOption) {
        return new WindowMarkers(dirOption == null || dirOption.isEmpty() ? null : Path.of(dirOption));
    }

    /** Whether the script marks the window (else the JVM's own window is used). */
    boolean scripted() {
        return dir != null;
    }

    /** Waits for {@code DIR/start} until {@code deadlineNanos}; true when it came, or at once without markers. */
    boolean awaitStart(long deadlineNanos) throws InterruptedException {
        return dir == null || await(dir.resolve(START), deadlineNanos);
    }

    /**
     * Waits for {@code DIR/end} until {@code deadlineNanos}; true when it came. Without markers it waits until the
     * deadline and returns true.
     */
    boolean awaitEnd(long deadlineNanos) throws InterruptedException {
        if (dir == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            return true;
        }
        return await(dir.resolve(END), deadlineNanos);
    }

    private static boolean await(Path marker, long deadlineNanos) throws InterruptedException {
        while (!Files.exists(marker)) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
