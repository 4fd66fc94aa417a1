package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.lifecycle.TestStore;

/**
 * The {@code nvr.storage.fsync} timer counts every fsync of a segment's life: with 1 s fragments, a 2 s segment
 * (50 frames of the demo clip at 25 fps) is two fragments. Fsyncs of a first segment into a fresh root:
 * <ul>
 *   <li>directories: the parents of the four new date directories ({@code cam-1}, {@code 2024}, {@code 05},
 *       {@code 01}), the directory after creating the file (EACH_FRAGMENT only), the directory after finishing;</li>
 *   <li>file: the header at creation and each fragment (EACH_FRAGMENT only), the file at finish.</li>
 * </ul>
 */
class Fmp4SegmentSinkMetricsTest {
    private static final StreamKey STREAM = new StreamKey("cam-1", "main");
    private static final Instant START = TestStore.DAY.plusSeconds(3600);
    private static final int FRAMES = 50;
    private static final int NEW_DATE_DIRECTORIES = 4;

    @TempDir
    Path dir;
    private Path root;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(dir.resolve("recordings"));
    }

    @Test
    void eachFragmentPolicyTimesEveryFileAndDirectoryFsync() throws IOException {
        Fmp4SegmentSink sink = sink(FsyncPolicy.EACH_FRAGMENT);

        SegmentSummary first = write(sink, 0, START);

        assertThat(first.fragments()).hasSize(2);
        // One fdatasync per fragment and nothing else: the first fragment's covers the header, and finish adds
        // nothing to what the last fragment's made durable (data and size).
        assertThat(fileFsyncs().count()).isEqualTo(2);
        // 4 new date directories + after creating the file (its name); the name never changes afterwards.
        assertThat(directoryFsyncs().count()).isEqualTo(NEW_DATE_DIRECTORIES + 1);
        assertThat(fileFsyncs().totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(directoryFsyncs().totalTime(TimeUnit.NANOSECONDS)).isPositive();

        // A second segment of the same day finds its directories: only its own fsyncs are added.
        write(sink, 1, START.plusSeconds(60));

        assertThat(fileFsyncs().count()).isEqualTo(2 * 2);
        assertThat(directoryFsyncs().count()).isEqualTo(NEW_DATE_DIRECTORIES + 2);
    }

    @Test
    void noneFsyncsNoFragmentOnlyTheFinishedFile() throws IOException {
        SegmentSummary summary = write(sink(FsyncPolicy.NONE), 0, START);

        assertThat(summary.fragments()).hasSize(2);
        // Zero per fragment and none for the header: the one file fsync is finish's.
        assertThat(fileFsyncs().count()).isEqualTo(1);
        // New date directories are made durable under every policy; then only the directory after finishing.
        assertThat(directoryFsyncs().count()).isEqualTo(NEW_DATE_DIRECTORIES + 1);
    }

    @Test
    void theTimerPublishesAHistogramWithDiskSizedBuckets() throws IOException {
        write(sink(FsyncPolicy.EACH_FRAGMENT), 0, START);

        for (Timer timer : new Timer[] {fileFsyncs(), directoryFsyncs()}) {
            double[] bucketsMillis = Arrays.stream(timer.takeSnapshot().histogramCounts())
                    .mapToDouble(b -> b.bucket(TimeUnit.MILLISECONDS)).toArray();
            assertThat(bucketsMillis).contains(1.0, 5.0, 20.0, 100.0, 500.0);
        }
        assertThat(registry.get(FsyncTimers.NAME).timers()).hasSize(2);
    }

    private Fmp4SegmentSink sink(FsyncPolicy policy) {
        return new Fmp4SegmentSink(root, new SegmentWriterOptions(Duration.ofSeconds(1), policy,
                SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES), registry);
    }

    private static SegmentSummary write(Fmp4SegmentSink sink, long sequence, Instant start) throws IOException {
        SegmentWriter writer = sink.create(new SegmentStart(STREAM, sequence, start, 90_000L, TestStore.parameters(),
                ClockSource.RTCP_SR));
        for (AccessUnit unit : TestStore.units(start, FRAMES, 0)) {
            writer.append(unit);
        }
        return writer.finish(EndReason.DURATION);
    }

    private Timer fileFsyncs() {
        return registry.get(FsyncTimers.NAME).tag("kind", "file").timer();
    }

    private Timer directoryFsyncs() {
        return registry.get(FsyncTimers.NAME).tag("kind", "directory").timer();
    }
}
