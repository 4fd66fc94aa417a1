package org.nvr.storage.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.testing.FaultProxy;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.segment.SegmentFileScanner;

/**
 * Faults between camera and NVR under the live recording path ({@link LivePipeline}): link faults through a
 * {@link FaultProxy} (stall, half-open, trickle, drop, reset; {@value #PROXY_CYCLES} cycles by default), and the
 * camera closed and restarted ({@value #CAMERA_RESTARTS} times). Each fault must become exactly one gap with the
 * cause the code defines for it, ingest must reconnect every time, recording must resume at a keyframe, every file
 * must scan clean with its row, the recorded seconds must equal the span minus the gaps (within a frame per gap
 * and segment: a gap ends at the keyframe where recording resumed), and heap and open file descriptors must not grow
 * across the cycles. {@code -Dnvr.fault.cycles=N} and {@code -Dnvr.fault.restarts=N} run longer soaks
 * (bench/reliability.sh).
 */
class IngestFaultIT {
    static final int PROXY_CYCLES = 20;
    static final int CAMERA_RESTARTS = 10;
    private static final Duration NORMAL = Duration.ofMillis(1000);
    private static final Duration FAULT = Duration.ofMillis(1500);
    /** How late a gap may end after the fault cleared: backoff, a new session, the first keyframe, and load. */
    private static final Duration RESUME_BOUND = LivePipeline.MAX_BACKOFF.plus(LivePipeline.STALL_TIMEOUT)
            .plus(LivePipeline.GOP).plusSeconds(2);
    /** Heap (after GC) and descriptors may differ this much between the second cycle and the last. */
    private static final long HEAP_GROWTH_BOUND_BYTES = 24L << 20;
    private static final long FD_GROWTH_BOUND = 8;

    /** One fault cycle: what was done, and when. */
    private record Cycle(FaultProxy.Mode mode, Instant from, Instant to) {
    }

    @TempDir
    Path dir;

    @Test
    void everyLinkFaultBecomesOneGapWithItsCauseAndRecordingResumes() throws Exception {
        int cycles = ReliabilityReport.intProperty("nvr.fault.cycles", PROXY_CYCLES);
        FaultProxy.Mode[] modes = {FaultProxy.Mode.STALL, FaultProxy.Mode.HALF_OPEN, FaultProxy.Mode.TRICKLE,
            FaultProxy.Mode.DROP, FaultProxy.Mode.RESET};
        List<Cycle> done = new ArrayList<>();
        long[] baseline = null;
        long[] last;
        try (LivePipeline nvr = new LivePipeline(dir, true, NvrClock.SYSTEM, NvrClock.SYSTEM)) {
            nvr.start(cycles);
            for (int i = 0; i < cycles; i++) {
                nvr.awaitFrames(25, Duration.ofSeconds(20));
                Thread.sleep(NORMAL.toMillis());
                if (i == 2) {
                    baseline = resources();
                }
                FaultProxy.Mode mode = modes[i % modes.length];
                Instant from = Instant.now();
                nvr.proxy.apply(mode);
                Thread.sleep(FAULT.toMillis());
                nvr.proxy.pass();
                done.add(new Cycle(mode, from, Instant.now()));
            }
            nvr.awaitFrames(50, Duration.ofSeconds(20));
            last = resources();
            assertThat(nvr.ingest().status().reconnects()).as("reconnects").isGreaterThanOrEqualTo(cycles);
            assertThat(nvr.proxy.accepted()).as("connections through the proxy").isGreaterThan(cycles);
            nvr.stopRecording();

            RecordingAudit audit = RecordingAudit.of(nvr.store.index, nvr.store.root, LivePipeline.CAM,
                    Duration.ofMillis(5));
            assertThat(audit.problems).as(audit.describe()).isEmpty();
            assertThat(audit.gaps).as(audit.describe()).hasSize(cycles);
            for (int i = 0; i < cycles; i++) {
                Cycle cycle = done.get(i);
                Gap gap = audit.gaps.get(i);
                assertThat(gap.cause()).as("cycle %d (%s): %s", i, cycle.mode(), gap)
                        .isEqualTo(FaultProxy.expectedCause(cycle.mode()));
                assertThat(gap.start()).as("cycle %d (%s): %s", i, cycle.mode(), gap)
                        .isBetween(cycle.from().minusMillis(500), cycle.to());
                assertThat(gap.end()).as("cycle %d (%s): %s", i, cycle.mode(), gap)
                        .isBetween(cycle.to().minusMillis(500), cycle.to().plus(RESUME_BOUND));
            }
            assertResumedAtKeyframes(nvr, audit);
            assertNoLoss(audit);
        }
        assertBounded(baseline, last);
        ReliabilityReport.row("link stall / half-open / trickle / drop (FIN) / reset (RST)",
                "FaultProxy between NVR and demo camera, " + FAULT.toMillis() + " ms each", cycles,
                "one gap per fault with its cause (network; camera for FIN), reconnect, resume at a keyframe, "
                        + "files scan clean, recorded = span - gaps, heap and FDs flat", "0 s", "pass");
    }

    @Test
    void aCameraClosedAndRestartedAgainAndAgainLosesOnlyItsDowntime() throws Exception {
        int restarts = ReliabilityReport.intProperty("nvr.fault.restarts", CAMERA_RESTARTS);
        List<Cycle> done = new ArrayList<>();
        long[] baseline = null;
        long[] last;
        try (LivePipeline nvr = new LivePipeline(dir, false, NvrClock.SYSTEM, NvrClock.SYSTEM)) {
            nvr.start(restarts);
            for (int i = 0; i < restarts; i++) {
                nvr.awaitFrames(25, Duration.ofSeconds(20));
                Thread.sleep(NORMAL.toMillis());
                if (i == 2) {
                    baseline = resources();
                }
                Instant from = Instant.now();
                nvr.killCamera();
                Thread.sleep(1000);
                nvr.restartCamera();
                done.add(new Cycle(null, from, Instant.now()));
            }
            nvr.awaitFrames(50, Duration.ofSeconds(20));
            last = resources();
            nvr.stopRecording();

            RecordingAudit audit = RecordingAudit.of(nvr.store.index, nvr.store.root, LivePipeline.CAM,
                    Duration.ofMillis(5));
            assertThat(audit.problems).as(audit.describe()).isEmpty();
            assertThat(audit.gaps).as(audit.describe()).hasSize(restarts);
            for (int i = 0; i < restarts; i++) {
                Gap gap = audit.gaps.get(i);
                // The camera closed its connections: the session ended with EOF, which the code calls CAMERA.
                assertThat(gap.cause()).as("restart %d: %s", i, gap).isEqualTo(GapCause.CAMERA);
                assertThat(gap.start()).isBetween(done.get(i).from().minusMillis(500), done.get(i).to());
                assertThat(gap.end()).isBetween(done.get(i).to().minusMillis(500),
                        done.get(i).to().plus(RESUME_BOUND));
            }
            assertResumedAtKeyframes(nvr, audit);
            assertNoLoss(audit);
        }
        assertBounded(baseline, last);
        ReliabilityReport.row("camera closed and restarted", "DemoCameraServer closed, 1 s down, restarted on its port",
                restarts, "one camera gap per restart, resume at a keyframe, files scan clean, recorded = span - gaps,"
                        + " heap and FDs flat", "0 s", "pass");
    }

    /** Every segment starts with a keyframe: recording resumed at one after each gap. */
    private static void assertResumedAtKeyframes(LivePipeline nvr, RecordingAudit audit) throws IOException {
        for (SegmentRow row : audit.segments) {
            var scan = SegmentFileScanner.scan(nvr.store.root.resolve(row.path()));
            assertThat(scan.fragments().get(0).startsWithKeyframe()).as(row.path().toString()).isTrue();
        }
    }

    /**
     * Recorded = span - gaps, within a frame per gap and per segment boundary: a gap ends at the keyframe where
     * recording resumed, so the units between a reconnect and that keyframe are the gap's.
     */
    static void assertNoLoss(RecordingAudit audit) {
        double unexplained = audit.spanSeconds() - audit.recordedSeconds() - audit.gapSeconds();
        double bound = (audit.gaps.size() + audit.segments.size()) * 0.045 + 0.1;
        assertThat(unexplained).as("span %.2f s - recorded %.2f s - gaps %.2f s\n%s", audit.spanSeconds(),
                audit.recordedSeconds(), audit.gapSeconds(), audit.describe()).isBetween(-bound, bound);
    }

    /** Heap used after a full GC, and open file descriptors of this JVM. */
    static long[] resources() throws IOException, InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        long heap = runtime.totalMemory() - runtime.freeMemory();
        long fds;
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            fds = list.count();
        }
        return new long[] {heap, fds};
    }

    static void assertBounded(long[] baseline, long[] last) {
        assertThat(baseline).as("measured at cycle 2").isNotNull();
        System.out.printf(Locale.ROOT, "heap after GC %.1f MiB -> %.1f MiB, open FDs %d -> %d%n",
                baseline[0] / 1048576.0, last[0] / 1048576.0, baseline[1], last[1]);
        assertThat(last[1] - baseline[1]).as("open file descriptors: %d then %d", baseline[1], last[1])
                .isLessThanOrEqualTo(FD_GROWTH_BOUND);
        assertThat(last[0] - baseline[0]).as(String.format(Locale.ROOT, "heap after GC: %.1f MiB then %.1f MiB",
                baseline[0] / 1048576.0, last[0] / 1048576.0)).isLessThanOrEqualTo(HEAP_GROWTH_BOUND_BYTES);
    }
}
