package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.record.Recorder;
import org.nvr.core.record.RecorderPolicy;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code record} of {@link RestreamBenchMain}: {@code --seconds} of the clip recorded by the real
 * {@link Recorder} (into {@link Fmp4SegmentSink} files, fdatasync per fragment, indexed in an
 * {@link H2RecordingIndex}) under {@code --data-dir}, as {@code nvr run} lays it out. The units carry wall-clock
 * times of one hour ago, 40 ms apart, and are published faster than real time, so the recording takes seconds; the
 * recorder's queue holds the whole run, so nothing is dropped. Prints {@code RECORDED} with the recorded span.
 */
final class ClipRecording {
    static final StreamKey STREAM = new StreamKey("cam1", "main");
    private static final Logger LOG = LoggerFactory.getLogger(ClipRecording.class);
    private static final long TICKS_PER_FRAME = 90_000 / BenchClips.FPS;
    private static final long PUBLISH_PAUSE_MICROS = 1_000;

    private ClipRecording() {
    }

    static void run(BenchArgs options) throws Exception {
        Path dataDir = Path.of(options.string("data-dir", ""));
        int seconds = options.integer("seconds", 120, 10, 3600);
        int segmentSeconds = options.integer("segment-seconds", 60, RecorderPolicy.MIN_SEGMENT_SECONDS,
                RecorderPolicy.MAX_SEGMENT_SECONDS);
        DemoClip clip = BenchClips.load(options.string("clip", ""));
        Path recordings = dataDir.resolve("recordings");
        Files.createDirectories(recordings);
        int frames = seconds * BenchClips.FPS;

        MeterRegistry registry = new SimpleMeterRegistry();
        Database database = Database.open(dataDir);
        H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
        Fmp4SegmentSink sink = new Fmp4SegmentSink(recordings, new SegmentWriterOptions(
                SegmentWriterOptions.DEFAULT_FRAGMENT_DURATION, FsyncPolicy.EACH_FRAGMENT,
                SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES), registry);
        RecorderPolicy policy = new RecorderPolicy(Duration.ofSeconds(segmentSeconds), frames + 16,
                RecorderPolicy.DEFAULT.retryDelay());
        ExecutorService writers = Executors.newFixedThreadPool(2);
        StreamHub hub = new StreamHub(STREAM.cameraId(), STREAM.streamName(), HubLimits.DEFAULT, registry);
        Recorder recorder = new Recorder(STREAM, hub, sink, index, policy, writers, NvrClock.SYSTEM, registry);
        recorder.start();

        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        long began = System.nanoTime();
        hub.publish(SpsParser.toVideoParameters(clip.sps(), clip.pps()));
        for (int i = 0; i < frames; i++) {
            DemoClip.Frame frame = clip.frame(i);
            hub.publish(new AccessUnit(i * TICKS_PER_FRAME, start.plusMillis(i * 1000L / BenchClips.FPS),
                    ClockSource.RECEIVE_CLOCK, frame.keyframe(), frame.nalus()));
            TimeUnit.MICROSECONDS.sleep(PUBLISH_PAUSE_MICROS);
        }
        recorder.stop().get(120, TimeUnit.SECONDS);
        hub.close();
        writers.shutdown();
        double elapsed = (System.nanoTime() - began) / 1e9;

        List<SegmentRow> rows = index.segments(STREAM, start.minusSeconds(1), start.plusSeconds(seconds + 1L));
        long bytes = rows.stream().mapToLong(SegmentRow::bytes).sum();
        long written = rows.stream().mapToLong(SegmentRow::frames).sum();
        database.close();
        LOG.info("RECORDED start={} end={} segments={} frames={}/{} bytes={} mbps={} took_s={}", start,
                rows.isEmpty() ? start : rows.get(rows.size() - 1).endUtc(), rows.size(), written, frames, bytes,
                String.format("%.2f", clip.bitsPerSecond() / 1e6), String.format("%.1f", elapsed));
    }
}
