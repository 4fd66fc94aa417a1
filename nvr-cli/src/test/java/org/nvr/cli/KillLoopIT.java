package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.ScanResult;
import org.nvr.storage.segment.SegmentFileScanner;

/**
 * The packaged NVR ({@code target/nvr.jar}, recording its demo camera in 10 s segments of 1 s fragments) killed
 * with SIGKILL at seeded random moments, a third of them at a segment turnover, and started again, round after
 * round. After each kill, before the restart: every indexed file exists with its row's size and scans clean, and
 * the files without a row (what the kill left) are scanned. After each restart: startup recovery indexed every
 * complete fragment of those files. At the end: one RESTART gap per kill, from the end of the footage before it to
 * the first segment after it; segments and gaps tile the time; {@code nvr check --hashes} is clean.
 * {@code -Dnvr.kill.rounds=N} (default {@value #ROUNDS}) and {@code -Dnvr.kill.seed=S} for bench/reliability.sh.
 */
class KillLoopIT {
    static final int ROUNDS = 8;
    private static final String EPHEMERAL_PORTS = "rtsp:\n  port: 0\nadmin:\n  port: 0\n";
    private static final StreamKey DEMO = new StreamKey("demo", "main");
    private static final Duration SEGMENT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path data;
    private Path recordings;

    @Test
    void sigkillAtRandomMomentsLosesAtMostTheOpenFragmentEachTime() throws Exception {
        int rounds = Integer.getInteger("nvr.kill.rounds", ROUNDS);
        long seed = Long.getLong("nvr.kill.seed", 12L);
        Random random = new Random(seed);
        Path config = dir.resolve("nvr.yaml");
        data = dir.resolve("data");
        recordings = data.resolve("recordings");
        Files.writeString(config, "dataDir: " + data + "\n" + EPHEMERAL_PORTS + "record:\n  segmentDuration: "
                + SEGMENT.toSeconds() + "s\n  fragmentDuration: 1s\n");
        Map<Path, ScanResult> orphansBefore = new HashMap<>();
        int atTurnover = 0;
        long recoveredFragments = 0;
        for (int round = 0; round < rounds; round++) {
            Path log = dir.resolve("run-" + round + ".log");
            Process nvr = new ProcessBuilder(PackagedNvr.nvr("run", "-c", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Set<Path> before = segmentFiles();
            Duration delay;
            try {
                Path first = awaitNewFile(before, log, Duration.ofSeconds(60));
                boolean turnover = round % 3 == 2;
                if (turnover) {
                    // The first keyframe at or after 10 s of media time ends the segment: kill within 200 ms of it.
                    atTurnover++;
                    delay = SEGMENT.plusMillis(random.nextInt(401) - 200);
                } else {
                    delay = Duration.ofMillis(500 + random.nextInt(12_500));
                }
                Instant created = Files.getLastModifiedTime(first).toInstant();
                long sleepMillis = Duration.between(Instant.now(), created.plus(delay)).toMillis();
                Thread.sleep(Math.max(0, sleepMillis));
            } finally {
                nvr.destroyForcibly();
                assertThat(nvr.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            String output = Files.readString(log);
            assertThat(output).as("run %d log", round).contains("startup recovery");
            recoveredFragments += checkAfterKill(round, orphansBefore);
        }

        ProcessRunner.Result last = ProcessRunner.run(PackagedNvr.nvr("run", "-c", config.toString(), "--run-for", "4"),
                Duration.ofSeconds(90));
        assertThat(last.exitCode()).as(last.describe()).isZero();
        checkAfterKill(rounds, orphansBefore);
        assertThat(orphansBefore).as("files without a row after a clean stop").isEmpty();

        try (Database database = Database.open(data)) {
            H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
            List<SegmentRow> segments = index.segments(DEMO, Instant.EPOCH, Instant.now().plusSeconds(60));
            List<Gap> gaps = index.gaps(DEMO, Instant.EPOCH, Instant.now().plusSeconds(60));
            assertThat(gaps).as("one gap per kill").hasSize(rounds);
            assertThat(gaps).allSatisfy(g -> assertThat(g.cause()).isEqualTo(GapCause.RESTART));
            for (int i = 1; i < segments.size(); i++) {
                SegmentRow before = segments.get(i - 1);
                SegmentRow after = segments.get(i);
                assertThat(after.startUtc()).as("segment %d after %d", after.sequence(), before.sequence())
                        .isAfterOrEqualTo(before.endUtc());
                if (after.startUtc().isAfter(before.endUtc().plusMillis(5))) {
                    // A hole: exactly the restart gap between the two runs.
                    assertThat(gaps).as("gap between %s and %s", before.endUtc(), after.startUtc())
                            .anySatisfy(g -> {
                                assertThat(g.start()).isEqualTo(before.endUtc());
                                assertThat(g.end()).isEqualTo(after.startUtc());
                            });
                }
            }
            assertThat(segments).extracting(SegmentRow::endReason).contains(EndReason.RECOVERED);
        }
        ProcessRunner.Result check = ProcessRunner.run(PackagedNvr.nvr("check", "-c", config.toString(), "--hashes"),
                Duration.ofSeconds(60));
        assertThat(check.exitCode()).as(check.describe()).isZero();
        report(rounds, atTurnover, recoveredFragments, seed);
    }

    /**
     * Offline, between runs: every row's file exists with the row's size and scans clean; the files the previous
     * kill left without a row were indexed by this run's startup recovery with all their complete fragments; and
     * the files this kill left without a row are remembered for the next round.
     *
     * @return complete fragments recovered from the previous kill's files
     */
    private long checkAfterKill(int round, Map<Path, ScanResult> orphansBefore) throws IOException {
        long recovered = 0;
        try (Database database = Database.open(data)) {
            H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
            Map<Path, SegmentRow> rows = new HashMap<>();
            for (SegmentRow row : index.segmentsAfterId(0, 100_000)) {
                rows.put(row.path(), row);
                Path file = recordings.resolve(row.path());
                assertThat(file).as("round %d: row %s points at an existing file", round, row.path()).exists();
                assertThat(Files.size(file)).as("round %d: size of %s", round, row.path()).isEqualTo(row.bytes());
                ScanResult scan = SegmentFileScanner.scan(file);
                assertThat(scan.problem()).as("round %d: scan of %s", round, row.path()).isNull();
                assertThat(scan.frames()).isEqualTo(row.frames());
            }
            for (Map.Entry<Path, ScanResult> orphan : orphansBefore.entrySet()) {
                ScanResult durable = orphan.getValue();
                if (durable.fragments().isEmpty()) {
                    // Killed before its first fragment was complete: nothing to recover, moved to quarantine.
                    assertThat(recordings.resolve(orphan.getKey())).doesNotExist();
                    continue;
                }
                SegmentRow row = rows.get(orphan.getKey());
                assertThat(row).as("round %d: %s recovered by startup", round, orphan.getKey()).isNotNull();
                assertThat(row.frames()).as("round %d: frames of %s", round, orphan.getKey())
                        .isEqualTo(durable.frames());
                assertThat(row.bytes()).isEqualTo(durable.validBytes());
                recovered += durable.fragments().size();
            }
            orphansBefore.clear();
            for (Path file : segmentFiles()) {
                Path relative = recordings.relativize(file);
                if (!rows.containsKey(relative)) {
                    orphansBefore.put(relative, SegmentFileScanner.scan(file));
                }
            }
        }
        return recovered;
    }

    private Set<Path> segmentFiles() throws IOException {
        if (!Files.isDirectory(recordings)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(recordings)) {
            return new HashSet<>(walk.filter(p -> p.toString().endsWith(".mp4")).toList());
        }
    }

    /** Waits for this run's first segment file. */
    private Path awaitNewFile(Set<Path> before, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path file : segmentFiles()) {
                if (!before.contains(file)) {
                    return file;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new segment within " + timeout + ":\n" + Files.readString(log));
    }

    private static void report(int rounds, int atTurnover, long recoveredFragments, long seed) throws IOException {
        ReliabilityReport.row("NVR SIGKILL",
                "nvr run killed with SIGKILL at seeded random moments (seed " + seed + "), " + atTurnover
                        + " at a segment turnover, then restarted",
                rounds, "recovery indexed every complete fragment (" + recoveredFragments
                        + " fragments), rows point at files of their size that scan clean, one restart gap per kill,"
                        + " segments and gaps tile, nvr check --hashes clean",
                "0 s beyond the open fragment", "pass");
    }
}
