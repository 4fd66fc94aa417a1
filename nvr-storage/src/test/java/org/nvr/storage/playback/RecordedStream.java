package org.nvr.storage.playback;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.TestMedia;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;
import org.nvr.storage.segment.TestSegments;

/**
 * Real recordings for playback and export tests: real H.264 (ffmpeg's libx264 through the core test-jar's
 * {@link TestMedia}, 25 fps), written by the real {@link Fmp4SegmentSink} in 1 s fragments and indexed in a real
 * {@link H2RecordingIndex} on disk. Three segments: the first two back to back, the third after a gap that has a gap
 * row (cause NETWORK). The third segment's times come from the receive clock, the others' from RTCP SRs.
 */
public final class RecordedStream implements AutoCloseable {
    public static final StreamKey STREAM = new StreamKey("cam-1", "main");
    public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    public static final long FRAME_90K = 3600;
    public static final Duration FRAME = Duration.ofMillis(40);
    public static final Duration GAP = Duration.ofSeconds(3);
    public static final String GAP_DETAIL = "no RTP for 5 s";

    private final Database database;
    private final H2RecordingIndex index;
    private final Path root;
    private final VideoParameters parameters;
    private final List<List<AccessUnit>> segmentUnits;
    private final List<SegmentSummary> summaries;
    private final Gap gap;

    private RecordedStream(Database database, H2RecordingIndex index, Path root, VideoParameters parameters,
                           List<List<AccessUnit>> segmentUnits, List<SegmentSummary> summaries, Gap gap) {
        this.database = database;
        this.index = index;
        this.root = root;
        this.parameters = parameters;
        this.segmentUnits = segmentUnits;
        this.summaries = summaries;
        this.gap = gap;
    }

    /**
     * Records three segments of {@code framesPerSegment} frames (a multiple of {@code gop}, so each starts with an
     * IDR) under {@code dir}: segment 1 from {@link #T0}, segment 2 right after it, segment 3 {@link #GAP} after
     * segment 2 ends.
     */
    public static RecordedStream record(Path dir, int gop, int framesPerSegment) throws IOException {
        return record(dir, gop, framesPerSegment, true);
    }

    /** As {@link #record(Path, int, int)}, with or without the gap row before segment 3. */
    public static RecordedStream record(Path dir, int gop, int framesPerSegment, boolean gapRow) throws IOException {
        if (framesPerSegment % gop != 0) {
            throw new IllegalArgumentException("segments must start with an IDR: " + framesPerSegment + " % " + gop);
        }
        int seconds = (3 * framesPerSegment + 24) / 25;
        // Only the clip's NAL units and keyframe flags are used: every unit is re-timed below.
        TestSegments.Clip clip = TestSegments.clip(320, 240, seconds, gop, 300);
        Path root = Files.createDirectories(dir.resolve("recordings"));
        Database database = Database.open(dir.resolve("db"));
        H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
        Fmp4SegmentSink sink = new Fmp4SegmentSink(root, new SegmentWriterOptions(Duration.ofSeconds(1),
                FsyncPolicy.NONE, SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES), new SimpleMeterRegistry());
        List<List<AccessUnit>> units = new ArrayList<>();
        List<SegmentSummary> summaries = new ArrayList<>();
        Gap gap = null;
        for (int s = 0; s < 3; s++) {
            Duration shift = s == 2 ? GAP : Duration.ZERO;
            ClockSource clock = s == 2 ? ClockSource.RECEIVE_CLOCK : ClockSource.RTCP_SR;
            List<AccessUnit> segment = new ArrayList<>();
            for (int n = s * framesPerSegment; n < (s + 1) * framesPerSegment; n++) {
                AccessUnit source = clip.units().get(n);
                segment.add(new AccessUnit(n * FRAME_90K + shift.toNanos() * 9 / 100_000,
                        T0.plus(FRAME.multipliedBy(n)).plus(shift), clock, source.keyframe(), source.nalus()));
            }
            if (s == 2) {
                gap = new Gap(summaries.get(1).endUtc(), segment.get(0).wallClock(), GapCause.NETWORK, GAP_DETAIL);
                if (gapRow) {
                    index.addGap(STREAM, gap);
                }
            }
            SegmentWriter writer = sink.create(new SegmentStart(STREAM, s, segment.get(0).wallClock(),
                    segment.get(0).pts90k(), clip.parameters(), clock));
            for (AccessUnit unit : segment) {
                writer.append(unit);
            }
            SegmentSummary summary = writer.finish(s == 1 ? EndReason.GAP : EndReason.DURATION);
            index.addSegment(summary);
            units.add(List.copyOf(segment));
            summaries.add(summary);
        }
        return new RecordedStream(database, index, root, clip.parameters(), units, summaries, gap);
    }

    public H2RecordingIndex index() {
        return index;
    }

    public Path root() {
        return root;
    }

    public VideoParameters parameters() {
        return parameters;
    }

    /** The access units written into segment {@code s} (0, 1, 2), with the wall times their files give them. */
    public List<AccessUnit> units(int s) {
        return segmentUnits.get(s);
    }

    /** All units written, oldest first. */
    public List<AccessUnit> allUnits() {
        List<AccessUnit> all = new ArrayList<>();
        segmentUnits.forEach(all::addAll);
        return all;
    }

    public SegmentSummary summary(int s) {
        return summaries.get(s);
    }

    /** The file of segment {@code s}. */
    public Path file(int s) {
        return root.resolve(summaries.get(s).path());
    }

    /** The gap between segments 2 and 3 (in the index when recorded with its gap row). */
    public Gap gap() {
        return gap;
    }

    @Override
    public void close() {
        database.close();
    }
}
