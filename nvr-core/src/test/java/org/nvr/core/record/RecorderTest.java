package org.nvr.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.nvr.core.testing.StreamItems.FRAME_90K;
import static org.nvr.core.testing.StreamItems.frame;
import static org.nvr.core.testing.StreamItems.publishFrames;
import static org.nvr.core.testing.StreamItems.wall;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.testing.StreamItems;
import org.nvr.core.time.FakeNvrClock;

/**
 * The recorder against a real hub fed by the test, in-memory fakes of the sink and the index, and either a real
 * thread pool or (where the order of clock reads matters) a direct executor, so that each drain runs inside the
 * publish that triggered it.
 */
class RecorderTest {
    private static final StreamKey STREAM = new StreamKey("cam1", "main");
    private static final long FIRST_SEQUENCE = 7;
    /** Frames in 3.5 minutes at 25 frames/s. */
    private static final int FRAMES_3_5_MIN = 5250;
    /** Frames in 60 s. */
    private static final int FRAMES_60_S = 1500;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamHub hub = new StreamHub("cam1", "main", HubLimits.DEFAULT, registry);
    private final FakeSegmentSink sink = new FakeSegmentSink();
    private final FakeRecordingIndex index = new FakeRecordingIndex(FIRST_SEQUENCE);
    private final FakeNvrClock clock = new FakeNvrClock(StreamItems.T0);
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        hub.close();
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sink.violations).isEmpty();
    }

    private ExecutorService pool() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pools.add(pool);
        return pool;
    }

    private Recorder recorder(Executor executor, RecorderPolicy policy) {
        return new Recorder(STREAM, hub, sink, index, policy, executor, clock, registry);
    }

    /** 60 s segments, a queue large enough for every test's whole stream, 5 s retry delay. */
    private static RecorderPolicy policy() {
        return new RecorderPolicy(Duration.ofSeconds(60), 10_000, Duration.ofSeconds(5));
    }

    /** Publishes frames with the monotonic clock at each frame's media time, as a live camera would. */
    private void publishLive(long from, long to) {
        for (long n = from; n < to; n++) {
            clock.setMonotonicNanos(n * 40_000_000L);
            hub.publish(frame(n));
        }
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private static List<AccessUnit> allUnits(List<FakeSegmentWriter> writers) {
        List<AccessUnit> units = new ArrayList<>();
        writers.forEach(w -> units.addAll(w.units));
        return units;
    }

    @Test
    void cutsSegmentsAtTheFirstKeyframeAtOrAfterTheDuration() throws Exception {
        Recorder recorder = recorder(pool(), policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, FRAMES_3_5_MIN);
        recorder.stop().get(10, TimeUnit.SECONDS);

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).extracting(s -> s.start().sequence()).containsExactly(7L, 8L, 9L, 10L);
        assertThat(segments).extracting(SegmentSummary::endReason).containsExactly(EndReason.DURATION,
                EndReason.DURATION, EndReason.DURATION, EndReason.STOPPED);
        assertThat(segments).extracting(SegmentSummary::frames).containsExactly(1500L, 1500L, 1500L, 750L);
        // Cut exactly at the keyframes at 60, 120 and 180 s: each segment's media time is what it claims.
        assertThat(segments).extracting(s -> s.start().startPts90k())
                .containsExactly(0L, 60 * 90_000L, 120 * 90_000L, 180 * 90_000L);
        assertThat(segments).extracting(s -> s.start().startUtc())
                .containsExactly(wall(0), wall(1500), wall(3000), wall(4500));
        assertThat(segments).extracting(SegmentSummary::mediaDuration90k)
                .containsExactly(60 * 90_000L, 60 * 90_000L, 60 * 90_000L, 30 * 90_000L);
        assertThat(segments).allSatisfy(s -> {
            assertThat(s.start().parameters().sameSets(StreamItems.parameters())).isTrue();
            assertThat(s.start().clockSource()).isEqualTo(ClockSource.RTCP_SR);
        });
        assertThat(sink.writers).allSatisfy(w -> assertThat(w.units.get(0).keyframe()).isTrue());
        // No unit lost or duplicated across segments.
        List<AccessUnit> written = allUnits(sink.writers);
        assertThat(written).hasSize(FRAMES_3_5_MIN);
        for (int n = 0; n < FRAMES_3_5_MIN; n++) {
            assertThat(written.get(n).pts90k()).isEqualTo(n * FRAME_90K);
        }
        assertThat(index.allGaps()).isEmpty();
        assertThat(index.nextSequenceCalls.get()).isEqualTo(1);
        RecorderStatus status = recorder.status();
        assertThat(status.state()).isEqualTo(RecorderState.STOPPED);
        assertThat(status.segmentsWritten()).isEqualTo(4);
        assertThat(status.lastError()).isNull();
    }

    @Test
    void countsSegmentsBytesFramesAndDurations() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, FRAMES_3_5_MIN);

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).hasSize(3);
        assertThat(count("nvr.record.segments", "camera", "cam1", "stream", "main", "reason", "duration"))
                .isEqualTo(3);
        assertThat(count("nvr.record.bytes")).isEqualTo(segments.stream().mapToLong(SegmentSummary::bytes).sum());
        assertThat(count("nvr.record.frames")).isEqualTo(FRAMES_3_5_MIN);
        assertThat(count("nvr.record.skipped.units")).isZero();
        assertThat(count("nvr.record.write.errors")).isZero();
        assertThat(registry.get("nvr.record.segment.duration").summary().totalAmount()).isEqualTo(180.0);
        RecorderStatus status = recorder.status();
        assertThat(status.state()).isEqualTo(RecorderState.RECORDING);
        assertThat(status.segmentSequence()).isEqualTo(10);
        assertThat(status.segmentStartUtc()).isEqualTo(wall(4500));
        assertThat(status.segmentFrames()).isEqualTo(750);

        recorder.stop().join();
        assertThat(registry.find("nvr.record.frames").counter()).as("meters removed on stop").isNull();
    }

    @Test
    void skipsUnitsUntilAKeyframeWithKnownParameters() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        // A GOP without parameters cannot be written (no avcC); then parameters, then the next GOP.
        publishFrames(hub, 0, 50);
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 50, 100);
        assertThat(count("nvr.record.skipped.units")).isEqualTo(50);
        recorder.stop().join();

        assertThat(sink.writers).hasSize(1);
        assertThat(sink.writers.get(0).units.get(0).pts90k()).isEqualTo(50 * FRAME_90K);
        assertThat(index.allSegments()).singleElement().satisfies(s -> {
            assertThat(s.frames()).isEqualTo(50);
            assertThat(s.endReason()).isEqualTo(EndReason.STOPPED);
        });
    }

    @Test
    void subscribingLateStartsAtTheCachedKeyframe() {
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 60);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        publishFrames(hub, 60, 120);
        recorder.stop().join();

        // The hub's GOP cache held frames 50..59: recording starts at keyframe 50 without waiting for 100.
        assertThat(allUnits(sink.writers)).extracting(AccessUnit::pts90k).first().isEqualTo(50 * FRAME_90K);
        assertThat(allUnits(sink.writers)).hasSize(70);
    }

    @Test
    void gapEndsTheSegmentIsIndexedAndTheNextSegmentWaitsForAKeyframe() throws Exception {
        Recorder recorder = recorder(pool(), policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 500);
        Gap gap = new Gap(wall(500), wall(625), GapCause.NETWORK, "no video for 5000 ms");
        hub.publish(gap);
        hub.publish(StreamItems.parameters());
        // The camera resumes mid-GOP: frames 625..649 cannot start a segment.
        publishFrames(hub, 625, 800);
        recorder.stop().get(10, TimeUnit.SECONDS);

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).extracting(SegmentSummary::endReason).containsExactly(EndReason.GAP, EndReason.STOPPED);
        assertThat(segments).extracting(SegmentSummary::frames).containsExactly(500L, 150L);
        assertThat(segments).extracting(s -> s.start().sequence()).containsExactly(7L, 8L);
        assertThat(segments.get(1).start().startPts90k()).isEqualTo(650 * FRAME_90K);
        // The gap ends where recording resumed: frames 625..649 are the camera's loss too, not in neither.
        assertThat(index.allGaps()).containsExactly(new Gap(wall(500), wall(650), GapCause.NETWORK,
                "no video for 5000 ms"));
    }

    @Test
    void gapWithNoKeyframeAfterItIsIndexedAtTheStop() throws Exception {
        Recorder recorder = recorder(pool(), policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 500);
        hub.publish(new Gap(wall(500), wall(625), GapCause.CAMERA, "camera closed the connection"));
        publishFrames(hub, 625, 640);
        recorder.stop().get(10, TimeUnit.SECONDS);

        // The hub never hands a reader units it cannot decode (ReaderQueue): frames 625..639 did not reach the
        // recorder, and the gap is indexed as the camera reported it, at the stop.
        assertThat(index.allGaps()).extracting(Gap::cause, Gap::start, Gap::end)
                .containsExactly(tuple(GapCause.CAMERA, wall(500), wall(625)));
    }

    @Test
    void secondGapBeforeAKeyframeEndsTheFirstAtItsStart() throws Exception {
        Recorder recorder = recorder(pool(), policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 500);
        hub.publish(new Gap(wall(500), wall(625), GapCause.NETWORK, "no video for 5000 ms"));
        publishFrames(hub, 625, 645);
        hub.publish(new Gap(wall(645), wall(720), GapCause.CAMERA, "camera closed the connection"));
        publishFrames(hub, 720, 800);
        recorder.stop().get(10, TimeUnit.SECONDS);

        // Frames 625..644 arrived between the gaps without a keyframe: the first gap's loss. Keyframe 750 resumes.
        assertThat(index.allGaps()).extracting(Gap::cause, Gap::start, Gap::end).containsExactly(
                tuple(GapCause.NETWORK, wall(500), wall(645)),
                tuple(GapCause.CAMERA, wall(645), wall(750)));
        assertThat(index.allSegments()).extracting(s -> s.start().startPts90k())
                .containsExactly(0L, 750 * FRAME_90K);
    }

    @Test
    void parameterChangeEndsTheSegmentAndTheNextStartsWithTheNewParameters() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 100);
        // The same sets again (cameras repeat them in-band) change nothing.
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 100, 290);
        hub.publish(StreamItems.otherParameters());
        publishFrames(hub, 290, 400);
        // Frames 290..299 came after the new sets and before a keyframe coded with them.
        assertThat(count("nvr.record.skipped.units")).isEqualTo(10);
        recorder.stop().join();

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).extracting(SegmentSummary::endReason)
                .containsExactly(EndReason.PARAMETERS_CHANGED, EndReason.STOPPED);
        assertThat(segments).extracting(SegmentSummary::frames).containsExactly(290L, 100L);
        assertThat(segments.get(1).start().parameters().sameSets(StreamItems.otherParameters())).isTrue();
        assertThat(segments.get(1).start().startPts90k()).isEqualTo(300 * FRAME_90K);
        assertThat(segments.get(1).start().sequence()).isEqualTo(8);
        assertThat(index.allGaps()).isEmpty();
    }

    @Test
    void forwardTimestampJumpEndsTheSegmentAndRecordsACameraGap() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 500);
        // From frame 500 (a keyframe) the pts run 30 s ahead while the wall clock continues.
        for (long n = 500; n < 600; n++) {
            hub.publish(frame(n, n * FRAME_90K + 30 * 90_000L));
        }
        recorder.stop().join();

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).extracting(SegmentSummary::endReason).containsExactly(EndReason.GAP, EndReason.STOPPED);
        assertThat(segments).extracting(SegmentSummary::frames).containsExactly(500L, 100L);
        assertThat(segments.get(1).start().startPts90k()).isEqualTo(500 * FRAME_90K + 30 * 90_000L);
        assertThat(index.allGaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.CAMERA);
            assertThat(g.detail()).contains("timestamp jump");
            // Frame 499 ends at frame 500's wall time: the video is continuous, only its timestamps jumped.
            assertThat(g.start()).isEqualTo(wall(500));
            assertThat(g.end()).isEqualTo(wall(500));
        });
    }

    @Test
    void backwardTimestampJumpAtADeltaFrameEndsTheSegmentAndWaitsForAKeyframe() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 510);
        // From frame 510 (not a keyframe) the pts restart near zero.
        for (long n = 510; n < 600; n++) {
            hub.publish(frame(n, (n - 510) * FRAME_90K));
        }
        assertThat(count("nvr.record.skipped.units")).isEqualTo(40);
        recorder.stop().join();

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).extracting(SegmentSummary::endReason).containsExactly(EndReason.GAP, EndReason.STOPPED);
        assertThat(segments).extracting(SegmentSummary::frames).containsExactly(510L, 50L);
        assertThat(segments.get(1).start().startPts90k()).isEqualTo(40 * FRAME_90K);
        assertThat(index.allGaps()).singleElement().extracting(Gap::cause).isEqualTo(GapCause.CAMERA);
    }

    @Test
    void appendErrorPausesRecordingForTheRetryDelayAndRecordsADiskGapWhenItResumes() {
        // Append call 111 is frame 110 (4.4 s): frames 0..109 were appended, 0..99 in complete fragments.
        sink.failAppend(111);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishLive(0, 200);
        RecorderStatus retrying = recorder.status();
        assertThat(retrying.state()).isEqualTo(RecorderState.RETRYING);
        assertThat(retrying.lastError()).contains("No space left on device");
        // Keyframes at 6 s and 8 s come before the 5 s retry delay has passed (9.4 s); the one at 10 s opens.
        publishLive(200, 400);
        recorder.stop().join();

        assertThat(sink.writers).hasSize(2);
        FakeSegmentWriter failed = sink.writers.get(0);
        assertThat(failed.abandoned).isFalse();
        FakeSegmentWriter resumed = sink.writers.get(1);
        assertThat(resumed.units.get(0).pts90k()).isEqualTo(250 * FRAME_90K);
        // The durable part of the failed segment is indexed at once, not left to startup recovery.
        assertThat(index.allSegments()).extracting(s -> s.start().sequence(), SegmentSummary::frames,
                SegmentSummary::endReason, SegmentSummary::endUtc).containsExactly(
                tuple(7L, 100L, EndReason.WRITE_ERROR, wall(100)),
                tuple(8L, 150L, EndReason.STOPPED, wall(400)));
        // The gap starts where the kept part ends: the failed fragment's units are lost too.
        assertThat(index.allGaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.DISK);
            assertThat(g.start()).isEqualTo(wall(100));
            assertThat(g.end()).isEqualTo(wall(250));
            assertThat(g.detail()).contains("writing segment 7");
        });
        assertThat(recorder.status().lastError()).contains("No space left on device");
    }

    @Test
    void createErrorsAreRetriedAtKeyframesAsOneEpisode() {
        // Create 1 opens the first segment; 2 (at 60 s) and 3 (at 66 s) fail; 4 (at 72 s) works.
        sink.failCreate(2, 3);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishLive(0, 2000);
        assertThat(count("nvr.record.write.errors")).isEqualTo(2);
        assertThat(count("nvr.record.skipped.units")).isEqualTo(300);
        recorder.stop().join();

        List<SegmentSummary> segments = index.allSegments();
        // Failed attempts used sequences 8 and 9: a partly created file must never share a number.
        assertThat(segments).extracting(s -> s.start().sequence()).containsExactly(7L, 10L);
        assertThat(segments.get(1).start().startPts90k()).isEqualTo(1800 * FRAME_90K);
        assertThat(index.allGaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.DISK);
            assertThat(g.start()).isEqualTo(wall(FRAMES_60_S));
            assertThat(g.end()).isEqualTo(wall(1800));
        });
    }

    @Test
    void finishErrorKeepsTheDurablePartAndRecordsADiskGap() {
        sink.failFinish(1);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishLive(0, 1700);
        recorder.stop().join();

        assertThat(sink.writers.get(0).abandoned).isFalse();
        // The keyframe at 60 s found the retry delay running; the one at 66 s opened the next segment.
        assertThat(index.allSegments()).extracting(s -> s.start().startPts90k(), SegmentSummary::frames,
                SegmentSummary::endReason).containsExactly(
                tuple(0L, (long) FRAMES_60_S, EndReason.WRITE_ERROR),
                tuple(1650 * FRAME_90K, 50L, EndReason.STOPPED));
        assertThat(index.allGaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.DISK);
            assertThat(g.start()).isEqualTo(wall(FRAMES_60_S));
            assertThat(g.end()).isEqualTo(wall(1650));
        });
    }

    @Test
    void cameraGapDuringAWriteErrorSplitsTheDiskGap() {
        sink.failAppend(111);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishLive(0, 150);
        Gap network = new Gap(wall(150), wall(200), GapCause.NETWORK, "connection reset");
        hub.publish(network);
        publishLive(200, 400);
        recorder.stop().join();

        // DISK from the failure to the camera's gap, the camera's gap, then DISK from its end until the retry:
        // keyframe 200 (8 s) comes before the delay has passed (4.4 + 5 s), keyframe 250 (10 s) resumes.
        assertThat(index.allGaps()).extracting(Gap::cause, Gap::start, Gap::end).containsExactly(
                tuple(GapCause.DISK, wall(100), wall(150)),
                tuple(GapCause.NETWORK, wall(150), wall(200)),
                tuple(GapCause.DISK, wall(200), wall(250)));
    }

    @Test
    void cameraGapAfterTheRetryDelayLeavesNoEmptyDiskGap() {
        sink.failAppend(111);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishLive(0, 150);
        Gap network = new Gap(wall(150), wall(300), GapCause.NETWORK, "connection reset");
        hub.publish(network);
        publishLive(300, 400);
        recorder.stop().join();

        // Keyframe 300 (12 s) is the first unit after the camera's gap and the delay has passed: nothing more
        // was lost to the disk.
        assertThat(index.allGaps()).extracting(Gap::cause, Gap::start, Gap::end).containsExactly(
                tuple(GapCause.DISK, wall(100), wall(150)),
                tuple(GapCause.NETWORK, wall(150), wall(300)));
        assertThat(index.allSegments()).extracting(s -> s.start().startPts90k())
                .containsExactly(0L, 300 * FRAME_90K);
    }

    @Test
    void stoppingDuringAWriteErrorRecordsTheDiskGapUpToTheLastUnit() {
        sink.failAppend(11);
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishLive(0, 100);
        recorder.stop().join();

        // Frames 0..9 filled no complete fragment: nothing to keep, the writer is abandoned.
        assertThat(sink.writers.get(0).abandoned).isTrue();
        assertThat(index.allSegments()).isEmpty();
        // Frame 99 ends at frame 100's wall time.
        assertThat(index.allGaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.DISK);
            assertThat(g.start()).isEqualTo(wall(10));
            assertThat(g.end()).isEqualTo(wall(100));
        });
        assertThat(recorder.status().state()).isEqualTo(RecorderState.STOPPED);
    }

    @Test
    void indexFailuresAreKeptAndRetriedInOrderWithTheNextWrite() throws Exception {
        index.failAddSegment(1, 2);
        Recorder recorder = recorder(pool(), policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, FRAMES_3_5_MIN);
        recorder.stop().get(10, TimeUnit.SECONDS);

        // Call 1 (segment 7) failed; call 2 retried it and failed; call 3 wrote 7, then 8 and 9 followed.
        assertThat(index.allSegments()).extracting(s -> s.start().sequence()).containsExactly(7L, 8L, 9L, 10L);
        assertThat(index.addSegmentCalls.get()).isEqualTo(6);
        assertThat(recorder.status().lastError()).contains("database connection lost");
    }

    @Test
    void unitsTheHubDroppedEndTheSegmentAndBecomeADiskGap() {
        ManualExecutor executor = new ManualExecutor();
        Recorder recorder = recorder(executor, new RecorderPolicy(Duration.ofSeconds(60), 100,
                Duration.ofSeconds(5)));
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 50);
        executor.runAll();
        // The writer stalls: frames 50..149 fill the queue, keyframe 150 overflows it (the hub discards 50..149
        // and counts them), 151..199 queue behind it.
        publishFrames(hub, 50, 200);
        executor.runAll();
        recorder.stop();
        executor.runAll();

        List<SegmentSummary> segments = index.allSegments();
        assertThat(segments).extracting(SegmentSummary::endReason).containsExactly(EndReason.GAP, EndReason.STOPPED);
        assertThat(segments).extracting(SegmentSummary::frames).containsExactly(50L, 50L);
        assertThat(segments.get(1).start().startPts90k()).isEqualTo(150 * FRAME_90K);
        assertThat(index.allGaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.DISK);
            assertThat(g.start()).isEqualTo(wall(50));
            assertThat(g.end()).isEqualTo(wall(150));
            assertThat(g.detail()).contains("dropped 100 units");
        });
        assertThat(registry.find("nvr.hub.reader.dropped.units").counter().count()).isEqualTo(100);
    }

    @Test
    void schedulesOneDrainAtATimeAndYieldsAfterABatch() {
        ManualExecutor executor = new ManualExecutor();
        Recorder recorder = recorder(executor, policy());
        recorder.start();
        assertThat(executor.pending()).isEqualTo(1);
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 1200);
        assertThat(executor.pending()).as("wake-ups while a drain is scheduled add none").isEqualTo(1);

        executor.runOne();
        assertThat(sink.appends.get()).isEqualTo(Recorder.DRAIN_BATCH - 1);
        assertThat(executor.pending()).as("a full batch reschedules itself").isEqualTo(1);
        executor.runAll();
        assertThat(sink.appends.get()).isEqualTo(1200);
        assertThat(executor.pending()).isZero();

        // Queue empty, no drain scheduled: the next item wakes it again.
        publishFrames(hub, 1200, 1201);
        assertThat(executor.pending()).isEqualTo(1);
        executor.runAll();
        assertThat(sink.appends.get()).isEqualTo(1201);
        recorder.stop();
        executor.runAll();
        assertThat(index.allSegments()).singleElement().extracting(SegmentSummary::frames).isEqualTo(1201L);
    }

    @Test
    void stopHandlesWhatIsQueuedAndIsIdempotent() {
        ManualExecutor executor = new ManualExecutor();
        Recorder recorder = recorder(executor, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 120);
        var first = recorder.stop();
        var second = recorder.stop();
        assertThat(second).isSameAs(first);
        executor.runAll();

        assertThat(first).isCompleted();
        assertThat(index.allSegments()).singleElement().satisfies(s -> {
            assertThat(s.frames()).isEqualTo(120);
            assertThat(s.endReason()).isEqualTo(EndReason.STOPPED);
        });
        assertThat(hub.readerCount()).isZero();
        // After stop, published items reach no one and nothing is scheduled.
        publishFrames(hub, 120, 130);
        assertThat(executor.pending()).isZero();
        assertThat(recorder.stop()).isCompleted();
        assertThatThrownBy(recorder::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startTwiceIsRefusedAndStopBeforeStartCompletes() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        assertThatThrownBy(recorder::start).isInstanceOf(IllegalStateException.class);
        recorder.stop().join();

        Recorder neverStarted = new Recorder(new StreamKey("cam2", "main"), hub, sink, index, policy(), Runnable::run,
                clock, registry);
        assertThat(neverStarted.status().state()).isEqualTo(RecorderState.NEW);
        assertThat(neverStarted.stop()).isCompleted();
        assertThat(neverStarted.status().state()).isEqualTo(RecorderState.STOPPED);
    }

    @Test
    void closingTheHubFinishesTheSegment() {
        Recorder recorder = recorder(Runnable::run, policy());
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 100);
        hub.close();

        assertThat(recorder.stop()).isCompleted();
        assertThat(index.allSegments()).singleElement().satisfies(s -> {
            assertThat(s.endReason()).isEqualTo(EndReason.STOPPED);
            assertThat(s.frames()).isEqualTo(100);
        });
        assertThat(recorder.status().state()).isEqualTo(RecorderState.STOPPED);
    }

    /** A writer pool that counts immediate and deferred drain submissions. */
    private static final class CountingScheduledPool extends ScheduledThreadPoolExecutor {
        final AtomicInteger immediate = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();

        CountingScheduledPool() {
            super(2);
        }

        @Override
        public void execute(Runnable command) {
            immediate.incrementAndGet();
            super.execute(command);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            // ScheduledThreadPoolExecutor.execute() is schedule() with no delay: count only real deferrals.
            if (delay > 0) {
                deferred.incrementAndGet();
            }
            return super.schedule(command, delay, unit);
        }
    }

    @Test
    void aScheduledPoolDefersDrainsSoThatOneWakeUpHandlesManyUnits() throws Exception {
        CountingScheduledPool writers = new CountingScheduledPool();
        pools.add(writers);
        Recorder recorder = recorder(writers, policy().withDrainDelay(Duration.ofMillis(200)));
        recorder.start();
        // Let start()'s own drain finish, so that the units below arrive at an idle recorder.
        while (writers.getCompletedTaskCount() < 1) {
            Thread.onSpinWait();
        }
        long startNanos = System.nanoTime();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 500);
        long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        recorder.stop().get(10, TimeUnit.SECONDS);

        // Every unit is recorded, in order, as without the delay.
        List<AccessUnit> written = allUnits(sink.writers);
        assertThat(written).hasSize(500);
        for (int n = 0; n < 500; n++) {
            assertThat(written.get(n).pts90k()).isEqualTo(n * FRAME_90K);
        }
        // 501 hub wake-ups, but a deferred drain is pending while the units arrive: at most one per 200 ms of
        // publishing (plus the one in flight at the end), where an immediate executor would have run up to 501.
        assertThat(writers.deferred.get()).isBetween(1, 2 + (int) (publishMillis / 200));
        // start() and stop() drain at once.
        assertThat(writers.immediate.get()).isBetween(1, 2);
    }

    @Test
    void aZeroDrainDelayDrainsAtOnce() throws Exception {
        CountingScheduledPool writers = new CountingScheduledPool();
        pools.add(writers);
        Recorder recorder = recorder(writers, policy().withDrainDelay(Duration.ZERO));
        recorder.start();
        hub.publish(StreamItems.parameters());
        publishFrames(hub, 0, 100);
        recorder.stop().get(10, TimeUnit.SECONDS);

        assertThat(allUnits(sink.writers)).hasSize(100);
        assertThat(writers.deferred.get()).isZero();
        assertThat(writers.immediate.get()).isPositive();
    }

    @Test
    void drainDelayIsBounded() {
        assertThatThrownBy(() -> policy().withDrainDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainDelay");
        assertThatThrownBy(() -> policy().withDrainDelay(Duration.ofMillis(RecorderPolicy.MAX_DRAIN_DELAY_MILLIS + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drainDelay");
        assertThat(RecorderPolicy.DEFAULT.drainDelay())
                .isEqualTo(Duration.ofMillis(RecorderPolicy.DEFAULT_DRAIN_DELAY_MILLIS));
    }
}
