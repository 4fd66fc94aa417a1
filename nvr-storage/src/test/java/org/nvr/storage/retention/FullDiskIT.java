package org.nvr.storage.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.Peers;
import org.nvr.storage.check.StorageCheck;
import org.nvr.storage.index.Database;
import org.nvr.storage.lifecycle.RecoveryReport;
import org.nvr.storage.lifecycle.StartupRecovery;
import org.nvr.storage.lifecycle.TestStore;

/**
 * Recording onto a real, tiny file system (an 8 MiB tmpfs, PEERS.md "Machine facilities") far past its size while
 * retention keeps 2 MiB free: writing goes on, the oldest segments go first, the newest survive, and index and
 * disk agree at the end.
 */
class FullDiskIT {
    private static final StreamKey CAM = new StreamKey("cam-1", "main");
    private static final long DISK_BYTES = 8L << 20;
    private static final long MIN_FREE_BYTES = 2L << 20;
    /** 50 frames (2 s) of about 20 KiB each: about 1 MiB per segment. */
    private static final int FRAMES = 50;
    private static final int PADDING_BYTES = 20 * 1024;
    private static final int SEGMENTS = 40;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void recordingContinuesPastSeveralDiskSizesWhileRetentionDeletesTheOldest() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("disk"));
        String mountOutput = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint.toString());
        Peers.require("an 8 MiB tmpfs (mount -t tmpfs needs root): " + mountOutput, mountOutput == null);
        Throwable failure = null;
        try {
            record(mountPoint);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            String unmountOutput = run("umount", mountPoint.toString());
            if (unmountOutput != null) {
                // Still busy (a file left open): detach it anyway so that the machine is left clean, then fail.
                run("umount", "-l", mountPoint.toString());
                AssertionError busy = new AssertionError("unmount failed (a file left open?): " + unmountOutput);
                if (failure == null) {
                    throw busy;
                }
                failure.addSuppressed(busy);
            }
        }
    }

    private void record(Path mountPoint) throws Exception {
        Path root = Files.createDirectory(mountPoint.resolve("recordings"));
        try (TestStore store = new TestStore(root, Database.inMemory("full-disk-" + System.nanoTime()))) {
            store.clock.set(TestStore.DAY.plus(Duration.ofHours(1)));
            RetentionService retention = new RetentionService(store.index, store.deleter,
                    new RetentionPolicy(Duration.ofDays(30), 0, MIN_FREE_BYTES), c -> new CameraRetention(
                    Duration.ofDays(30), 0), store.clock, DiskSpace.of(Files.getFileStore(root)), store.registry);
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
            List<SegmentSummary> indexed = new ArrayList<>();
            long written = 0;
            int diskFull = 0;
            try {
                retention.start(executor, Duration.ofMillis(50));
                long sequence = 0;
                Instant start = TestStore.DAY;
                while (sequence < SEGMENTS) {
                    try {
                        SegmentSummary summary = writeSegment(store, sequence, start, indexed);
                        written += summary.bytes();
                    } catch (IOException e) {
                        // What the Recorder does: count the failure, let retention make room, start a new segment.
                        diskFull++;
                        assertThat(diskFull).as("disk-full retries").isLessThan(SEGMENTS * 4);
                        retention.runOnce();
                    }
                    sequence++;
                    start = start.plusSeconds(2);
                }
            } finally {
                retention.stop();
                executor.shutdown();
                assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(written).isGreaterThan(3 * DISK_BYTES);
            assertThat(store.registry.get("nvr.storage.retention.errors").counter().count()).isZero();
            assertThat(store.deleted("segments", "min_free")).isGreaterThan(SEGMENTS / 2.0);
            List<SegmentRow> left = store.rows().stream().sorted(Comparator.comparing(SegmentRow::sequence)).toList();
            List<Path> newest = indexed.subList(indexed.size() - left.size(), indexed.size()).stream()
                    .map(SegmentSummary::path).toList();
            // Oldest first: what is left is exactly the newest indexed segments, the last one included.
            assertThat(left).extracting(SegmentRow::path).isEqualTo(newest);
            assertThat(left.size()).isBetween(2, 8);

            // A write that failed with no complete fragment removed its file (Fmp4SegmentWriter): startup recovery
            // finds nothing missing, and index and disk agree.
            RecoveryReport recovery = new StartupRecovery(store.index, store.deleter, root, store.quarantine).run();
            assertThat(recovery.missingFiles().isEmpty()).isTrue();
            assertThat(recovery.sizeMismatches().isEmpty()).isTrue();
            var report = new StorageCheck(store.index, root, store.quarantine, store.deleter).verify(true);
            assertThat(report.clean()).as(report.format()).isTrue();
            assertThat(report.rowsChecked()).isEqualTo(store.rows().size());
        }
    }

    /**
     * Writes and indexes one segment, adding it to {@code indexed}; on a write failure indexes what was complete, as
     * the Recorder does, and rethrows.
     */
    private static SegmentSummary writeSegment(TestStore store, long sequence, Instant start,
                                               List<SegmentSummary> indexed) throws IOException {
        SegmentWriter writer = store.sink.create(new SegmentStart(CAM, sequence, start, 90_000L, TestStore.parameters(),
                ClockSource.RTCP_SR));
        SegmentSummary summary;
        try {
            for (AccessUnit unit : TestStore.units(start, FRAMES, PADDING_BYTES)) {
                writer.append(unit);
            }
            summary = writer.finish(EndReason.DURATION);
        } catch (IOException e) {
            try {
                SegmentSummary partial = writer.finish(EndReason.WRITE_ERROR);
                store.index.addSegment(partial);
                indexed.add(partial);
            } catch (IOException | IllegalStateException noFragment) {
                writer.abandon();
                e.addSuppressed(noFragment);
            }
            throw e;
        }
        store.index.addSegment(summary);
        indexed.add(summary);
        return summary;
    }

    /** Runs a command; null when it succeeded, else its exit status and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " timed out";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": "
                + output;
    }
}
