package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.testing.ProcessRunner;

/**
 * The packaged NVR ({@code target/nvr.jar}) as a process: its nvr.yaml edited while it runs, then {@code kill -HUP}:
 * the added camera starts recording, a bad file is refused with its line and key while the process runs on, and
 * SIGTERM still ends it with exit code 0 (SIGHUP must not have replaced the JVM's stop handling).
 */
class ReloadSignalIT {
    @TempDir
    Path dir;

    @Test
    void sighupAppliesAnAddedCameraAndRefusesABadFile() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        DemoCameraServer camera = new DemoCameraServer(DemoClip.generate(320, 180, 25, 50, 25),
                new InetSocketAddress("127.0.0.1", 0), loops);
        camera.start();
        Path config = dir.resolve("nvr.yaml");
        Path data = dir.resolve("data");
        String base = "dataDir: " + data + "\n"
                + "demo:\n  enabled: false\n"
                + "rtsp:\n  bind: 127.0.0.1\n  port: 0\n"
                + "admin:\n  bind: 127.0.0.1\n  port: 0\n"
                + "record:\n  segmentDuration: 10s\n";
        Files.writeString(config, base + "cameras: []\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("run.log");
        Process nvr = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", Path.of("target", "nvr.jar").toAbsolutePath().toString(),
                "run", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLog(log, "NVR started", Duration.ofSeconds(60));

            Files.writeString(config, base + "cameras:\n  - id: cam1\n    url: " + camera.url("cam1") + "\n",
                    StandardCharsets.UTF_8);
            hangUp(nvr);
            awaitLog(log, "camera cam1: added (configuration reload)", Duration.ofSeconds(30));
            awaitLog(log, "configuration reloaded from " + config, Duration.ofSeconds(10));
            awaitSegmentFile(data.resolve("recordings").resolve("cam1"), Duration.ofSeconds(30));

            // demo: gets an unknown key on line 4.
            Files.writeString(config, base.replace("  enabled: false\n", "  enabled: false\n  colour: red\n")
                    + "cameras: []\n", StandardCharsets.UTF_8);
            hangUp(nvr);
            awaitLog(log, "configuration reload refused, nothing changed: " + config
                    + ":4: unknown key 'demo.colour'", Duration.ofSeconds(30));
            assertThat(nvr.isAlive()).as("a bad file on SIGHUP is no reason to stop").isTrue();
            assertThat(Files.readString(log)).doesNotContain("camera cam1/main: stopped");

            nvr.destroy();
            assertThat(nvr.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
        } finally {
            nvr.destroyForcibly();
            camera.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        String output = Files.readString(log);
        assertThat(nvr.exitValue()).as(output).isZero();
        assertThat(output).contains("camera cam1/main: stopped").contains("NVR stopped");
    }

    /** {@code kill -HUP <pid>}, as {@code systemctl reload} does. */
    private static void hangUp(Process process) {
        ProcessRunner.Result kill = ProcessRunner.run(List.of("kill", "-HUP", Long.toString(process.pid())),
                Duration.ofSeconds(10));
        assertThat(kill.exitCode()).as(kill.describe()).isZero();
    }

    private static void awaitLog(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the log within " + timeout + ":\n" + read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static void awaitSegmentFile(Path directory, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(directory)) {
                try (var files = Files.walk(directory)) {
                    if (files.anyMatch(p -> p.toString().endsWith(".mp4"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no segment file under " + directory + " within " + timeout);
    }
}
