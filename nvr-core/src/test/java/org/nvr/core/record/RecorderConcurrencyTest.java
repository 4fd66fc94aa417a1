package org.nvr.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.core.testing.StreamItems.FRAME_90K;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.testing.StreamItems;
import org.nvr.core.time.NvrClock;

/**
 * 50 recorders share a 2-thread writer executor while 5 publisher threads feed their hubs at once (10 hubs
 * each, frame by frame in turn). Every recorder must cut the same correct segments as if alone, and no two drains
 * of one recorder may overlap (each fake sink flags a call that overlaps another).
 */
class RecorderConcurrencyTest {
    private static final int RECORDERS = 50;
    private static final int PUBLISHERS = 5;
    /** 2 minutes at 25 frames/s per camera: 12 segments of 10 s each. */
    private static final int FRAMES = 3000;
    private static final int SEGMENT_FRAMES = 250;

    @Test
    @Timeout(60)
    void fiftyRecordersOnTwoThreadsCutCorrectSegmentsWithoutOverlappingDrains() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        // Queues large enough that the hub never drops: this test is about scheduling, not overload.
        RecorderPolicy policy = new RecorderPolicy(Duration.ofSeconds(10), FRAMES + 10, Duration.ofSeconds(5));
        List<StreamHub> hubs = new ArrayList<>();
        List<FakeSegmentSink> sinks = new ArrayList<>();
        List<FakeRecordingIndex> indexes = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        try {
            for (int i = 0; i < RECORDERS; i++) {
                String camera = "cam" + i;
                StreamHub hub = new StreamHub(camera, "main", HubLimits.DEFAULT, registry);
                FakeSegmentSink sink = new FakeSegmentSink();
                FakeRecordingIndex index = new FakeRecordingIndex(i);
                Recorder recorder = new Recorder(new StreamKey(camera, "main"), hub, sink, index, policy, writers,
                        NvrClock.SYSTEM, registry);
                recorder.start();
                hubs.add(hub);
                sinks.add(sink);
                indexes.add(index);
                recorders.add(recorder);
            }
            VideoParameters parameters = StreamItems.parameters();
            List<CompletableFuture<Void>> feeding = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                List<StreamHub> mine = new ArrayList<>();
                for (int i = p; i < RECORDERS; i += PUBLISHERS) {
                    mine.add(hubs.get(i));
                }
                feeding.add(CompletableFuture.runAsync(() -> {
                    mine.forEach(hub -> hub.publish(parameters));
                    for (int n = 0; n < FRAMES; n++) {
                        AccessUnit unit = StreamItems.frame(n);
                        for (StreamHub hub : mine) {
                            hub.publish(unit);
                        }
                    }
                }, publishers));
            }
            CompletableFuture.allOf(feeding.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(recorders.stream().map(Recorder::stop).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);

            for (int i = 0; i < RECORDERS; i++) {
                FakeSegmentSink sink = sinks.get(i);
                assertThat(sink.violations).as("cam%d", i).isEmpty();
                List<SegmentSummary> segments = indexes.get(i).allSegments();
                assertThat(segments).as("cam%d", i).hasSize(FRAMES / SEGMENT_FRAMES);
                for (int s = 0; s < segments.size(); s++) {
                    SegmentSummary segment = segments.get(s);
                    assertThat(segment.start().sequence()).isEqualTo(i + s);
                    assertThat(segment.start().startPts90k()).isEqualTo((long) s * SEGMENT_FRAMES * FRAME_90K);
                    assertThat(segment.frames()).isEqualTo(SEGMENT_FRAMES);
                    assertThat(segment.endReason())
                            .isEqualTo(s == segments.size() - 1 ? EndReason.STOPPED : EndReason.DURATION);
                }
                List<FakeSegmentWriter> written = sink.writers;
                long expectedPts = 0;
                for (FakeSegmentWriter writer : written) {
                    for (AccessUnit unit : writer.units) {
                        assertThat(unit.pts90k()).isEqualTo(expectedPts);
                        expectedPts += FRAME_90K;
                    }
                }
                assertThat(expectedPts).isEqualTo(FRAMES * FRAME_90K);
                assertThat(indexes.get(i).allGaps()).isEmpty();
            }
        } finally {
            hubs.forEach(StreamHub::close);
            publishers.shutdownNow();
            writers.shutdownNow();
            assertThat(writers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
