package org.nvr.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-running peer process (server) with its output appended to a log file. Kills the whole process tree (VLC
 * runs under {@code runuser}, which does not pass SIGKILL on) and registers a JVM shutdown hook, so a failed or
 * aborted test leaves no server behind.
 */
final class PeerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerProcess.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXIT_POLL_INTERVAL = Duration.ofMillis(10);
    private static final int CONNECT_TIMEOUT_MILLIS = 200;
    /** Bound on how much new log a readiness check reads per poll. */
    private static final int MAX_LOG_READ_BYTES = 1024 * 1024;
    private static final int TAIL_BYTES = 16 * 1024;
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Path logFile;
    private final Map<String, String> environment;
    private final Thread shutdownHook;
    private Process process;
    private List<ProcessHandle> tree = List.of();
    private long logOffsetAtStart;
    private boolean hookRegistered;

    PeerProcess(String name, Path logFile, Map<String, String> environment) {
        this.name = name;
        this.logFile = logFile;
        this.environment = Map.copyOf(environment);
        this.shutdownHook = new Thread(this::killTree, "peer-shutdown-" + name);
    }

    /** Starts {@code command}; the log file is appended to, so restarts keep the earlier output. */
    synchronized void start(List<String> command) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            logOffsetAtStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile, "=== start: " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            if (!hookRegistered) {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
                hookRegistered = true;
            }
            process = builder.start();
            tree = List.of();
            LOG.info("started {} pid {}, log {}", name, process.pid(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits for a log line (since the last start) matching {@code pattern}; returns its match. */
    Matcher awaitLogLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long offset = logOffsetAtStart;
        StringBuilder pending = new StringBuilder();
        while (true) {
            String fresh = readLog(offset, MAX_LOG_READ_BYTES);
            offset += fresh.length();
            pending.append(fresh);
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, newline);
                pending.delete(0, newline + 1);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            checkAliveAndTime(deadline, "a line matching " + pattern, timeout);
            sleep(POLL_INTERVAL);
        }
    }

    /** Waits until {@code 127.0.0.1:port} accepts a TCP connection. */
    void awaitTcpPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException notYet) {
                checkAliveAndTime(deadline, "TCP port " + port + " to accept (" + notYet.getMessage() + ")", timeout);
            }
            sleep(POLL_INTERVAL);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** SIGKILL to the process and its descendants, as when a camera loses power; waits until they are gone. */
    synchronized void kill() {
        killTree();
        awaitTreeExit();
    }

    /** SIGTERM to the tree, then SIGKILL to whatever is left after a grace period. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = snapshotTree();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (System.nanoTime() < deadline && all.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(POLL_INTERVAL);
        }
        if (all.stream().anyMatch(ProcessHandle::isAlive)) {
            LOG.warn("{} ignored SIGTERM for {} ms, sending SIGKILL", name, STOP_GRACE.toMillis());
        }
        killTree();
        awaitTreeExit();
    }

    /** Stops the tree and unregisters the shutdown hook. */
    @Override
    public synchronized void close() {
        stop();
        if (hookRegistered) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already shutting down: the hook runs (or ran) killTree, which is idempotent.
                LOG.debug("{}: shutdown in progress, hook left in place", name, shuttingDown);
            }
            hookRegistered = false;
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        try {
            long size = Files.exists(logFile) ? Files.size(logFile) : 0;
            String text = readLog(Math.max(0, size - TAIL_BYTES), TAIL_BYTES);
            String[] lines = text.split("\n", -1);
            int from = Math.max(0, lines.length - TAIL_LINES);
            return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    Path logFile() {
        return logFile;
    }

    private void checkAliveAndTime(long deadlineNanos, String waitingFor, Duration timeout) {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || !current.isAlive()) {
            String exit = current == null ? "never started" : "exited with " + current.exitValue();
            throw new IllegalStateException(name + " " + exit + " while waiting for " + waitingFor
                    + "; log " + logFile + " ends:\n" + logTail());
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException(name + " (pid " + current.pid() + ") did not show " + waitingFor
                    + " within " + timeout.toMillis() + " ms; log " + logFile + " ends:\n" + logTail());
        }
    }

    /** Descendants first, captured while the parent lives: once it dies they are re-parented and lost. */
    private synchronized List<ProcessHandle> snapshotTree() {
        List<ProcessHandle> all = new ArrayList<>(tree);
        if (process != null) {
            process.descendants().filter(d -> !all.contains(d)).forEach(all::add);
            if (!all.contains(process.toHandle())) {
                all.add(process.toHandle());
            }
        }
        tree = List.copyOf(all);
        return all;
    }

    private void killTree() {
        snapshotTree().forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitTreeExit() {
        // Polled: onExit() of a process that is not our child (VLC under runuser) polls with a back-off of seconds.
        long deadline = System.nanoTime() + REAP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            while (handle.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": pid " + handle.pid() + " survived SIGKILL");
                }
                sleep(EXIT_POLL_INTERVAL);
            }
        }
        tree = List.of();
    }

    private String readLog(long offset, int maxBytes) {
        if (!Files.exists(logFile)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            long available = channel.size() - offset;
            if (available <= 0) {
                return "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(available, maxBytes));
            channel.position(offset);
            int read;
            do {
                read = channel.read(buffer);
            } while (read > 0 && buffer.hasRemaining());
            // ISO-8859-1 maps each byte to one char, so callers can advance offsets by String.length().
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a peer", e);
        }
    }
}
