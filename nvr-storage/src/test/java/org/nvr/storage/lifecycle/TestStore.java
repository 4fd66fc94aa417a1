package org.nvr.storage.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;

/**
 * A store for tests: a recordings root and quarantine under a temporary directory, an in-memory H2 index, a
 * settable clock, a simple meter registry, and real segment files written by {@link Fmp4SegmentSink} from the
 * JCodec demo clip (160x96, 25 fps, an IDR every 25 frames; nvr-core's {@link DemoClip}), optionally padded with
 * H.264 filler data NAL units to make large files quickly.
 */
public final class TestStore implements AutoCloseable {
    /** 25 fps in 90 kHz ticks. */
    public static final long FRAME_90K = 3600;
    /** A day the tests record on. */
    public static final Instant DAY = Instant.parse("2024-05-01T00:00:00Z");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static DemoClip clip;

    public final Path root;
    public final Path quarantineDir;
    public final Database database;
    public final MutableClock clock;
    public final H2RecordingIndex index;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final SegmentDeleter deleter;
    public final Quarantine quarantine;
    public final Fmp4SegmentSink sink;

    public TestStore(Path dir) throws IOException {
        this(dir.resolve("recordings"), Database.inMemory("lifecycle" + DATABASES.incrementAndGet()));
    }

    /** A store on an existing recordings root and database (the database is closed with the store). */
    public TestStore(Path root, Database database) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        this.quarantineDir = root.resolveSibling("quarantine");
        this.database = database;
        this.clock = new MutableClock(DAY.plus(Duration.ofDays(1)));
        this.index = new H2RecordingIndex(database, clock);
        this.deleter = new SegmentDeleter(index, root, clock, registry);
        this.quarantine = new Quarantine(root, quarantineDir);
        this.sink = new Fmp4SegmentSink(root, new SegmentWriterOptions(Duration.ofSeconds(1), FsyncPolicy.EACH_FRAGMENT,
                SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES), registry);
    }

    /** The demo clip, encoded once per test JVM (JCodec takes a moment). */
    public static synchronized DemoClip clip() {
        if (clip == null) {
            clip = DemoClip.generate(160, 96, 25, 50, 25);
        }
        return clip;
    }

    public static VideoParameters parameters() {
        return SpsParser.toVideoParameters(clip().sps(), clip().pps());
    }

    /**
     * {@code frames} access units of the demo clip from {@code start}, 40 ms apart; each gets a filler data NAL unit
     * (ITU-T H.264 §7.3.2.7: type 12, 0xff bytes, then rbsp_trailing_bits 0x80) of {@code paddingBytes} when > 0.
     */
    public static List<AccessUnit> units(Instant start, int frames, int paddingBytes) {
        List<AccessUnit> units = new ArrayList<>(frames);
        byte[] filler = null;
        if (paddingBytes > 0) {
            filler = new byte[Math.max(2, paddingBytes)];
            java.util.Arrays.fill(filler, (byte) 0xff);
            filler[0] = 0x0c;
            filler[filler.length - 1] = (byte) 0x80;
        }
        for (int n = 0; n < frames; n++) {
            DemoClip.Frame frame = clip().frame(n);
            List<byte[]> nalus = new ArrayList<>(frame.nalus());
            if (filler != null) {
                nalus.add(filler);
            }
            units.add(new AccessUnit(90_000L + n * FRAME_90K, start.plusMillis(40L * n), ClockSource.RTCP_SR,
                    frame.keyframe(), nalus));
        }
        return units;
    }

    /** Writes and finishes one segment file (not indexed). */
    public SegmentSummary writeFile(StreamKey stream, long sequence, Instant start, int frames, int paddingBytes)
            throws IOException {
        SegmentStart segmentStart = new SegmentStart(stream, sequence, start, 90_000L, parameters(),
                ClockSource.RTCP_SR);
        SegmentWriter writer = sink.create(segmentStart);
        for (AccessUnit unit : units(start, frames, paddingBytes)) {
            writer.append(unit);
        }
        return writer.finish(EndReason.DURATION);
    }

    /** Writes, finishes and indexes one segment. */
    public SegmentRow record(StreamKey stream, long sequence, Instant start, int frames) throws IOException {
        SegmentSummary summary = writeFile(stream, sequence, start, frames, 0);
        index.addSegment(summary);
        return index.segmentByPath(summary.path()).orElseThrow();
    }

    /** Removes a segment's row but not its file, as a crash between writing the file and inserting the row leaves. */
    public void dropRow(SegmentRow row) {
        index.deleteGarbage(index.markGarbage(row.id(), "test").id());
    }

    /** All rows, in id order. */
    public List<SegmentRow> rows() {
        return index.segmentsAfterId(0, 100_000);
    }

    /** Regular files under a directory, relative to it, sorted. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    /** Sum of the sizes of the regular files under the root. */
    public long bytesOnDisk() throws IOException {
        long total = 0;
        for (Path file : files(root)) {
            total += Files.size(root.resolve(file));
        }
        return total;
    }

    /** A deletion counter's value, 0 when it was never registered. */
    public double deleted(String what, String reason) {
        Counter counter = registry.find("nvr.storage.deleted." + what).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        database.close();
    }
}
