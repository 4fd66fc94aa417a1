package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write throughput of 60 s segments of a 4 Mbps 720p stream, as fast as possible, with and without an fsync per
 * fragment. Run on demand: {@code -Dtest=SegmentWriterBenchmarkTest -Dnvr.bench=true} (the system property reaches
 * the forked JVM through {@code argLine}: {@code -Dsurefire.argLine="-Dnvr.bench=true"}).
 */
@EnabledIfSystemProperty(named = "nvr.bench", matches = "true")
class SegmentWriterBenchmarkTest {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriterBenchmarkTest.class);
    private static final int ROUNDS = 5;

    @TempDir
    Path root;

    @Test
    void sixtySecondsOfFourMbps() throws IOException {
        // 10 s of real 720p H.264 at 4 Mbps, repeated six times with continuing PTS: 1500 units, 60 s.
        TestSegments.Clip clip = TestSegments.clip(1280, 720, 10, 50, 4000);
        List<AccessUnit> once = clip.units();
        AccessUnit[] units = new AccessUnit[6 * once.size()];
        for (int i = 0; i < units.length; i++) {
            AccessUnit u = once.get(i % once.size());
            units[i] = new AccessUnit(TestSegments.START_PTS_90K + i * 3600L, u.wallClock(), ClockSource.RTCP_SR,
                    u.keyframe(), u.nalus());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (FsyncPolicy policy : new FsyncPolicy[] {FsyncPolicy.NONE, FsyncPolicy.EACH_FRAGMENT,
            FsyncPolicy.NONE, FsyncPolicy.EACH_FRAGMENT}) {
            long bytes = 0;
            long cpuNanos = 0;
            long wallNanos = 0;
            Fmp4SegmentSink sink = new Fmp4SegmentSink(root, new SegmentWriterOptions(Duration.ofSeconds(1), policy,
                    SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES));
            for (int round = 0; round < ROUNDS; round++) {
                long wall0 = System.nanoTime();
                long cpu0 = threads.getCurrentThreadCpuTime();
                SegmentWriter writer = sink.create(TestSegments.start(clip.parameters(), round));
                for (AccessUnit unit : units) {
                    writer.append(unit);
                }
                SegmentSummary summary = writer.finish(EndReason.DURATION);
                cpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
                wallNanos += System.nanoTime() - wall0;
                bytes += summary.bytes();
                assertThat(summary.frames()).isEqualTo(units.length);
                Files.delete(root.resolve(summary.path()));
            }
            double mib = bytes / (1024.0 * 1024.0);
            LOG.info("fsync {}: {} x 60 s segments, {} MiB: {} MiB/s wall, {} ms wall and {} ms CPU per segment "
                    + "({} % of one core per 4 Mbps stream in real time)", policy, ROUNDS, "%.1f".formatted(mib),
                    "%.0f".formatted(mib / (wallNanos / 1e9)), wallNanos / ROUNDS / 1_000_000,
                    cpuNanos / ROUNDS / 1_000_000, "%.3f".formatted(100.0 * cpuNanos / ROUNDS / 60e9));
        }
    }
}
