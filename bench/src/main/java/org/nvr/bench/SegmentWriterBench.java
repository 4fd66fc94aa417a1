package org.nvr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Fmp4SegmentWriter.append} per access unit of the 4 Mbit/s clip ({@link BenchClips}), through
 * {@link Fmp4SegmentSink} as the recorder uses it, with {@link FsyncPolicy#NONE} into a directory on tmpfs
 * ({@code /dev/shm} by default): the writer's own CPU and allocation (fragment header, gathering write, SHA-256 of
 * every byte, the JDK's copy of heap buffers into its direct buffers), without the disk.
 *
 * <p>One operation is one unit, so the score is ns/frame and {@code -prof gc}'s {@code gc.alloc.rate.norm} is
 * bytes/frame. Every {@value #SEGMENT_FRAMES} units (60 s at 25 frames/s, the default segment) the segment is
 * finished and the next one created, so the cost of segment turnover (finish: final fragment, fsync of file and
 * directory, summary) is amortized into the figure as in a recorder. Finished files are deleted after each
 * iteration, outside the measured time (unlinking a 20 MiB tmpfs file is not the writer's cost). The units are
 * built once (PTS 3600 ticks apart, the clip's NAL arrays shared), so the benchmark allocates none of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SegmentWriterBench {
    /** Units per segment: 60 s at 25 frames/s, a multiple of the clip's 50-frame GOP (each segment opens on an IDR). */
    static final int SEGMENT_FRAMES = 1500;
    private static final long FRAME_TICKS_90K = 90_000 / BenchClips.FPS;
    private static final StreamKey STREAM = new StreamKey("bench", "main");

    /** An Annex-B clip to use instead of the default ffmpeg-encoded one (empty: the default). */
    @Param("")
    public String clip;

    /** Where segments are written; tmpfs keeps the disk out of the figure. */
    @Param("/dev/shm")
    public String dir;

    private Path root;
    private Fmp4SegmentSink sink;
    private SegmentStart template;
    private AccessUnit[] units;
    private SegmentWriter writer;
    private final List<Path> finished = new ArrayList<>();
    private long sequence;
    private int next;

    @Setup
    public void setUp() throws IOException {
        DemoClip source = BenchClips.load(clip);
        if (SEGMENT_FRAMES % source.frameCount() != 0 || !source.frame(0).keyframe()) {
            throw new IllegalStateException("the clip must start with a keyframe and divide " + SEGMENT_FRAMES
                    + " frames: " + source);
        }
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        units = new AccessUnit[SEGMENT_FRAMES];
        for (int i = 0; i < SEGMENT_FRAMES; i++) {
            DemoClip.Frame frame = source.frame(i);
            units[i] = new AccessUnit(i * FRAME_TICKS_90K, t0.plusMillis(i * 1000L / BenchClips.FPS),
                    ClockSource.RECEIVE_CLOCK, frame.keyframe(), frame.nalus());
        }
        root = Files.createTempDirectory(Path.of(dir), "nvr-segment-bench-");
        sink = new Fmp4SegmentSink(root, new SegmentWriterOptions(SegmentWriterOptions.DEFAULT_FRAGMENT_DURATION,
                FsyncPolicy.NONE, SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        template = new SegmentStart(STREAM, 0, t0, 0, SpsParser.toVideoParameters(source.sps(), source.pps()),
                ClockSource.RECEIVE_CLOCK);
        openSegment();
    }

    @Benchmark
    public void append() throws IOException {
        if (next == SEGMENT_FRAMES) {
            SegmentSummary done = writer.finish(EndReason.DURATION);
            finished.add(root.resolve(done.path()));
            openSegment();
        }
        writer.append(units[next++]);
    }

    @TearDown(Level.Iteration)
    public void deleteFinished() throws IOException {
        for (Path file : finished) {
            Files.delete(file);
        }
        finished.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (writer != null) {
            writer.abandon();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                Files.delete(path);
            }
        }
    }

    private void openSegment() throws IOException {
        // Each segment a minute after the previous, so that names never collide (files are created O_EXCL).
        SegmentStart start = new SegmentStart(STREAM, sequence, template.startUtc().plus(Duration.ofMinutes(sequence)),
                0, template.parameters(), template.clockSource());
        sequence++;
        writer = sink.create(start);
        next = 0;
    }
}
