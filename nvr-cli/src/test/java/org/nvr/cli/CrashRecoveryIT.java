package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;

/**
 * The packaged NVR ({@code target/nvr.jar}, recording its built-in demo camera) killed with SIGKILL in the middle
 * of a segment, then started again: the partial segment is recovered up to its last complete fragment, indexed,
 * and plays; the time the NVR was down is one RESTART gap; {@code nvr check} finds index and disk in agreement.
 */
class CrashRecoveryIT {
    /** The re-stream and admin servers on free ports, so that tests never clash with a running NVR. */
    private static final String EPHEMERAL_PORTS = "rtsp:\n  port: 0\nadmin:\n  port: 0\n";
    private static final StreamKey DEMO = new StreamKey("demo", "main");

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePeers() {
        Peers.requireFfmpeg();
    }

    private List<String> nvr(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", Path.of("target", "nvr.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void sigkillMidSegmentLosesAtMostTheOpenFragment() throws Exception {
        Path config = dir.resolve("nvr.yaml");
        Path data = dir.resolve("data");
        Files.writeString(config, "dataDir: " + data + "\n" + EPHEMERAL_PORTS + "record:\n  segmentDuration: 60s\n");

        Process first = new ProcessBuilder(nvr("run", "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            awaitFile(data.resolve("recordings").resolve("demo"), Duration.ofSeconds(60));
            Thread.sleep(6_000);
        } finally {
            first.destroyForcibly();
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        Instant killedAt = Instant.now();

        ProcessRunner.Result second = ProcessRunner.run(nvr("run", "-c", config.toString(), "--run-for", "8"),
                Duration.ofSeconds(90));
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout()).contains("recovered");

        List<SegmentRow> segments;
        List<Gap> gaps;
        try (Database database = Database.open(data)) {
            H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
            segments = index.segments(DEMO, Instant.EPOCH, Instant.now());
            gaps = index.gaps(DEMO, Instant.EPOCH, Instant.now());
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
        SegmentRow recovered = segments.get(0);
        assertThat(recovered.endReason()).isEqualTo(EndReason.RECOVERED);
        // About 6 s were written with 1 s fragments: at most the open fragment is lost.
        assertThat(recovered.mediaDuration90k()).isBetween(4 * 90_000L, 8 * 90_000L);
        assertThat(recovered.endUtc()).isBefore(killedAt);
        assertDecodes(data.resolve("recordings").resolve(recovered.path()), recovered.frames());
        SegmentRow resumed = segments.get(1);
        assertThat(resumed.endReason()).isEqualTo(EndReason.STOPPED);
        assertDecodes(data.resolve("recordings").resolve(resumed.path()), resumed.frames());

        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).cause()).isEqualTo(GapCause.RESTART);
        assertThat(gaps.get(0).start()).isEqualTo(recovered.endUtc());
        assertThat(gaps.get(0).end()).isEqualTo(resumed.startUtc());

        ProcessRunner.Result check = ProcessRunner.run(nvr("check", "-c", config.toString(), "--hashes"),
                Duration.ofSeconds(60));
        assertThat(check.exitCode()).as(check.describe()).isZero();
    }

    @Test
    void sigtermMidSegmentClosesAndIndexesItAndExitsZero() throws Exception {
        Path config = dir.resolve("nvr.yaml");
        Path data = dir.resolve("data");
        Files.writeString(config, "dataDir: " + data + "\n" + EPHEMERAL_PORTS + "record:\n  segmentDuration: 60s\n");
        Process nvr = new ProcessBuilder(nvr("run", "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("sigterm.log").toFile()).start();
        try {
            awaitFile(data.resolve("recordings").resolve("demo"), Duration.ofSeconds(60));
            Thread.sleep(4_000);
            nvr.destroy();
            // systemd waits 90 s by default; the NVR must be done well within 10 s.
            assertThat(nvr.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
        } finally {
            nvr.destroyForcibly();
        }
        assertThat(nvr.exitValue()).as(Files.readString(dir.resolve("sigterm.log"))).isZero();
        List<SegmentRow> segments;
        try (Database database = Database.open(data)) {
            segments = new H2RecordingIndex(database, NvrClock.SYSTEM).segments(DEMO, Instant.EPOCH, Instant.now());
        }
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0).endReason()).isEqualTo(EndReason.STOPPED);
        assertThat(segments.get(0).mediaDuration90k()).isGreaterThan(3 * 90_000L);
        assertDecodes(data.resolve("recordings").resolve(segments.get(0).path()), segments.get(0).frames());
    }

    @Test
    void checkReportsACorruptedFileAndExitsOne() throws Exception {
        Path config = dir.resolve("nvr.yaml");
        Path data = dir.resolve("data");
        Files.writeString(config, "dataDir: " + data + "\n" + EPHEMERAL_PORTS + "record:\n  segmentDuration: 10s\n");
        ProcessRunner.Result run = ProcessRunner.run(nvr("run", "-c", config.toString(), "--run-for", "13"),
                Duration.ofSeconds(90));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Path segment;
        try (Database database = Database.open(data)) {
            segment = data.resolve("recordings").resolve(new H2RecordingIndex(database, NvrClock.SYSTEM)
                    .segments(DEMO, Instant.EPOCH, Instant.now()).get(0).path());
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 100] ^= 0x55;
        Files.write(segment, bytes);

        ProcessRunner.Result sizesOnly = ProcessRunner.run(nvr("check", "-c", config.toString()),
                Duration.ofSeconds(60));
        assertThat(sizesOnly.exitCode()).as(sizesOnly.describe()).isZero();
        ProcessRunner.Result withHashes = ProcessRunner.run(nvr("check", "-c", config.toString(), "--hashes"),
                Duration.ofSeconds(60));
        assertThat(withHashes.exitCode()).as(withHashes.describe()).isEqualTo(1);
        assertThat(withHashes.stdout()).contains(segment.getFileName().toString());

        // A server started on a damaged store still starts: startup never reads indexed files' contents.
        ProcessRunner.Result again = ProcessRunner.run(nvr("run", "-c", config.toString(), "--run-for", "3"),
                Duration.ofSeconds(90));
        assertThat(again.exitCode()).as(again.describe()).isZero();
    }

    private static void awaitFile(Path dir, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    if (files.anyMatch(p -> p.toString().endsWith(".mp4"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no segment file under " + dir + " within " + timeout);
    }

    private static void assertDecodes(Path file, long frames) {
        ProcessRunner.Result decode = ProcessRunner.run(
                List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"), Duration.ofSeconds(60));
        assertThat(decode.exitCode()).as(decode.describe()).isZero();
        assertThat(decode.stderr()).as("ffmpeg errors for %s", file).isEmpty();
        ProcessRunner.Result packets = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file.toString()),
                Duration.ofSeconds(60));
        assertThat(packets.stdout().trim()).isEqualTo(Long.toString(frames));
    }
}
