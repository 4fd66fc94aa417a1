package org.nvr.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged NVR ({@code target/nvr.jar}, built by {@code package} before the integration tests) as a child
 * process: its command lines, and the ports it logs when its config asks for port 0 (so that no other NVR can
 * clash). Shared by the integration tests that start it.
 */
public final class PackagedNvr {
    /** The admin endpoint's start line; group 1 is its port. */
    public static final Pattern ADMIN_LISTENING =
            Pattern.compile("admin HTTP endpoint listening on 127\\.0\\.0\\.1:(\\d+)");
    /** The RTSP server's start line; group 1 is its port. */
    public static final Pattern RTSP_LISTENING = Pattern.compile("RTSP server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final long PORT_TIMEOUT_SECONDS = 60;

    private PackagedNvr() {
    }

    /** The jar's absolute path. */
    public static String jar() {
        return Path.of("target", "nvr.jar").toAbsolutePath().toString();
    }

    /** This JVM's {@code java} followed by {@code args}. */
    public static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * {@code java -Xmx256m -XX:TieredStopAtLevel=1 JVM_OPTIONS -jar nvr.jar ARGS}: a small heap and the quick
     * compiler only, since a test's NVR runs for seconds, not for hours.
     */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = java("-Xmx256m", "-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@link #command} without JVM options: {@code nvr ARGS}. */
    public static List<String> nvr(String... args) {
        return command(List.of(), args);
    }

    /**
     * Waits up to 60 s for {@code line} in the server's {@code log} and returns the port in its group 1; fails at
     * once, with the log, when the server exits first.
     */
    public static int awaitPort(Path log, Process server, Pattern line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PORT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = line.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!server.isAlive()) {
                throw new AssertionError("nvr run exited " + server.exitValue() + ":\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + line + " within " + PORT_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
    }
}
