package org.nvr.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command (ffprobe, ffmpeg) with a timeout and captures its output. Output goes through temporary
 * files under {@code target/peers/}, so a chatty child can never block on a full pipe, and is read back bounded.
 */
public final class ProcessRunner {
    /** Default bound on each captured stream; the rest is dropped and {@link Result#truncated()} says so. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(5);
    private static final long EXIT_POLL_MILLIS = 10;

    private ProcessRunner() {
    }

    /** Runs {@code command}, killing it (and its descendants) after {@code timeout}. */
    public static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, DEFAULT_MAX_OUTPUT_BYTES);
    }

    /** As {@link #run(List, Duration)}, keeping at most {@code maxOutputBytes} of each of stdout and stderr. */
    public static Result run(List<String> command, Duration timeout, int maxOutputBytes) {
        if (command.isEmpty() || timeout.isNegative() || timeout.isZero() || maxOutputBytes <= 0) {
            throw new IllegalArgumentException("need a command, a positive timeout and a positive output bound");
        }
        Path dir = BuildDirectory.sub("peers");
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile(dir, "run-", ".out");
            err = Files.createTempFile(dir, "run-", ".err");
            long startNanos = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean timedOut = false;
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    killTree(process, command);
                }
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            Bounded stdout = readBounded(out, maxOutputBytes);
            Bounded stderr = readBounded(err, maxOutputBytes);
            return new Result(command, timedOut ? -1 : process.exitValue(), stdout.text, stderr.text, timedOut,
                    stdout.truncated || stderr.truncated, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** SIGKILL to the process and its descendants (listed first: once the parent dies they are re-parented). */
    private static void killTree(Process process, List<String> command) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        // Polled: onExit() of a process that is not our child polls with a back-off of up to seconds.
        long deadline = System.nanoTime() + REAP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            while (handle.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pid " + handle.pid() + " survived SIGKILL: " + command);
                }
                Thread.sleep(EXIT_POLL_MILLIS);
            }
        }
    }

    private static Bounded readBounded(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes);
            boolean truncated = in.read() >= 0;
            return new Bounded(new String(bytes, StandardCharsets.UTF_8), truncated);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private record Bounded(String text, boolean truncated) {
    }

    /**
     * What a command did.
     *
     * @param exitCode the exit status, or -1 when it was killed on timeout
     * @param truncated whether stdout or stderr exceeded the output bound
     */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut,
            boolean truncated, Duration elapsed) {
        /** Copies the command list. */
        public Result {
            command = List.copyOf(command);
        }

        /** Exited 0 before the timeout. */
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** A one-paragraph description for assertion messages. */
        public String describe() {
            return String.join(" ", command) + " -> " + (timedOut ? "timed out" : "exit " + exitCode)
                    + " after " + elapsed.toMillis() + " ms; stderr: " + tail(stderr) + "; stdout: " + tail(stdout);
        }

        private static String tail(String text) {
            int keep = 2000;
            String trimmed = text.strip();
            return trimmed.length() <= keep ? trimmed : "..." + trimmed.substring(trimmed.length() - keep);
        }
    }
}
