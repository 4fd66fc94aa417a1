package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.storage.index.Segments.segment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.FragmentLocation;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;

/** The index on a file database: concurrent writers, and what survives closing and reopening it. */
class H2RecordingIndexFileTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final FixedClock CLOCK = new FixedClock(Instant.parse("2024-03-02T00:00:00Z"));

    @TempDir
    Path dataDir;

    @Test
    void concurrentWritersOnNewStreamsAllLand() throws Exception {
        int threads = 8;
        int segmentsPerThread = 25;
        try (Database db = Database.open(dataDir)) {
            H2RecordingIndex index = new H2RecordingIndex(db, CLOCK);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    // Two threads per stream, all four streams new: the camera and stream rows race too.
                    StreamKey stream = new StreamKey("cam" + (t % 2), "s" + (t % 4));
                    int first = (t / 4) * segmentsPerThread;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = first; i < first + segmentsPerThread; i++) {
                            index.addSegment(segment(stream, i, T0.plusSeconds(60L * i), 60, 1));
                            index.addGap(stream, new Gap(T0.plusSeconds(60L * i), T0.plusSeconds(60L * i),
                                    GapCause.CLOCK, "test"));
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(index.cameras()).containsExactly("cam0", "cam1");
            assertThat(DatabaseTest.queryLong(db, "SELECT COUNT(*) FROM stream")).isEqualTo(4);
            assertThat(DatabaseTest.queryLong(db, "SELECT COUNT(*) FROM segment"))
                    .isEqualTo(threads * segmentsPerThread);
            for (int s = 0; s < 4; s++) {
                StreamKey stream = new StreamKey("cam" + (s % 2), "s" + s);
                assertThat(index.nextSequence(stream)).isEqualTo(2L * segmentsPerThread);
                assertThat(index.segments(stream, T0, T0.plusSeconds(60L * 2 * segmentsPerThread)))
                        .extracting(SegmentRow::sequence).doesNotHaveDuplicates().hasSize(2 * segmentsPerThread);
            }
        }
    }

    @Test
    void reopenedDatabaseHasEverything() {
        StreamKey main = new StreamKey("cam1", "main");
        Gap gap = new Gap(T0.plusSeconds(120), T0.plusSeconds(130), GapCause.NETWORK, "stall");
        List<SegmentRow> before;
        GarbageRow garbage;
        try (Database db = Database.open(dataDir)) {
            H2RecordingIndex index = new H2RecordingIndex(db, CLOCK);
            index.addSegment(segment(main, 0, T0, 60, 2));
            index.addSegment(segment(main, 1, T0.plusSeconds(60), 60, 2));
            index.addSegment(segment(main, 2, T0.plusSeconds(130), 60, 2));
            index.addGap(main, gap);
            garbage = index.markGarbage(index.segmentByPath(Path.of("cam1/main/2.mp4")).orElseThrow().id(), "test");
            before = index.segments(main, T0, T0.plusSeconds(600));
        }
        try (Database db = Database.open(dataDir)) {
            H2RecordingIndex index = new H2RecordingIndex(db, CLOCK);
            assertThat(index.segments(main, T0, T0.plusSeconds(600))).isEqualTo(before).hasSize(2);
            assertThat(index.gaps(main, T0, T0.plusSeconds(600))).containsExactly(gap);
            assertThat(index.nextSequence(main)).isEqualTo(3);
            assertThat(index.garbage(10)).containsExactly(garbage);
            FragmentLocation at = index.fragmentAt(main, T0.plusSeconds(65)).orElseThrow();
            assertThat(at.segment()).isEqualTo(before.get(1));
            assertThat(at.fragment().startOffset90k()).isEqualTo(4 * 90_000L);
        }
    }
}
