package org.nvr.storage.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nvr.core.export.ExportManifest;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.export.ExportService;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.playback.SegmentSampleReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans MP4 exports straight from the segment files, after Moonfire NVR's virtual {@code .mp4}: the body is one
 * fragmented MP4 (ISO/IEC 14496-12 §8.8) made of a generated {@code ftyp}+{@code moov}, then for each source
 * fragment a regenerated {@code moof} with its {@code mdat} header, and the fragment's used samples as one byte
 * range of the segment file. No media byte is copied while planning: only the {@code moof}s are read, to learn
 * sample sizes, times and flags.
 *
 * <p>The export starts at the keyframe at or before the requested start (the first keyframe when the start is in a
 * gap or before the recording) and holds every frame whose wall time is before the requested end. Its timeline
 * starts at 0 at the first frame and follows wall time: a fragment's {@code tfdt} is its first frame's wall time
 * minus the export's start, so a gap keeps its real length in the file.
 *
 * <p>Bounds: {@link ExportRequest} allows at most 24 h; a plan holds at most {@code maxParts} parts (two per
 * source fragment, about 400 bytes of generated boxes each), beyond which it is refused with
 * {@code INVALID_ARGUMENT}. A missing or corrupt source file fails the plan with {@code DATA_LOSS} naming it.
 */
public final class Mp4ExportService implements ExportService {
    /** Default part bound: 24 h of 1 s fragments need 172 801 parts. */
    public static final int DEFAULT_MAX_PARTS = 200_000;
    /** A hole between segments longer than this without a gap row is listed as an UNKNOWN gap. */
    static final Duration HOLE_THRESHOLD = Duration.ofMillis(500);
    static final String UNKNOWN_CAUSE = "UNKNOWN";
    static final String UNKNOWN_DETAIL = "no recording and no gap row";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(Mp4ExportService.class);

    private final RecordingIndex index;
    private final Path root;
    private final NvrClock clock;
    private final int maxParts;
    private final int maxFragmentBytes;

    /** A service with {@link #DEFAULT_MAX_PARTS} and the sample reader's default fragment bound. */
    public Mp4ExportService(RecordingIndex index, Path recordingsRoot, NvrClock clock) {
        this(index, recordingsRoot, clock, DEFAULT_MAX_PARTS, SegmentSampleReader.DEFAULT_MAX_FRAGMENT_BYTES);
    }

    /**
     * @param index            the recording index
     * @param recordingsRoot   the root that {@link SegmentRow#path()} is relative to
     * @param clock            times how long planning takes (logged)
     * @param maxParts         most parts in one plan
     * @param maxFragmentBytes a source fragment with more sample bytes is refused as corrupt
     */
    public Mp4ExportService(RecordingIndex index, Path recordingsRoot, NvrClock clock, int maxParts,
                            int maxFragmentBytes) {
        this.index = Objects.requireNonNull(index, "index");
        this.root = Objects.requireNonNull(recordingsRoot, "recordingsRoot").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxParts < 3 || maxFragmentBytes <= 0) {
            throw new IllegalArgumentException("maxParts must be at least 3 and maxFragmentBytes positive: "
                    + maxParts + ", " + maxFragmentBytes);
        }
        this.maxParts = maxParts;
        this.maxFragmentBytes = maxFragmentBytes;
    }

    @Override
    public ExportPlan plan(ExportRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        long began = clock.monotonicNanos();
        List<SegmentRow> rows = index.segments(request.stream(), request.start(), request.end());
        ExportPlanner planner = new ExportPlanner(index, root, request, maxParts, maxFragmentBytes);
        planner.walk(rows);
        if (planner.empty()) {
            throw new NvrException(NvrException.Kind.NOT_FOUND, "nothing of " + request.stream()
                    + " is recorded from " + request.start() + " to " + request.end());
        }
        byte[] header = ExportBoxes.header(planner.entries(), planner.duration90k());
        List<ExportPart> parts = new ArrayList<>(planner.fragmentParts().size() + 1);
        parts.add(new ExportPart.Bytes(header));
        parts.addAll(planner.fragmentParts());
        long contentLength = header.length + planner.bodyBytes();
        ExportManifest manifest = manifest(request, planner, contentLength);
        LOG.debug("planned export {}: {} frames from {} segments, {} parts, {} bytes, in {} ms", manifest.fileName(),
                planner.frames(), planner.used().size(), parts.size(), contentLength,
                (clock.monotonicNanos() - began) / 1_000_000);
        return new ExportPlan(parts, contentLength, manifest);
    }

    private ExportManifest manifest(ExportRequest request, ExportPlanner planner, long contentLength) {
        List<ExportManifest.SourceSegment> sources = new ArrayList<>();
        Map<ClockSource, Integer> clocks = new EnumMap<>(ClockSource.class);
        for (ExportPlanner.Used used : planner.used()) {
            SegmentRow row = used.row();
            sources.add(new ExportManifest.SourceSegment(row.id(), row.sequence(), row.path().toString(),
                    row.startUtc().toString(), row.endUtc().toString(), row.bytes(), row.sha256(),
                    row.clockSource().name(), used.frames()));
            clocks.merge(row.clockSource(), 1, Integer::sum);
        }
        return new ExportManifest(request.stream().cameraId(), request.stream().streamName(),
                request.start().toString(), request.end().toString(), planner.firstWall().toString(),
                planner.endWall().toString(), planner.frames(), contentLength, fileName(request),
                sources, gaps(request, planner), timeSource(clocks));
    }

    /**
     * The index's gap rows overlapping the export, and every hole between two used segments longer than
     * {@link #HOLE_THRESHOLD} that no gap row covers (listed as {@value #UNKNOWN_CAUSE}).
     */
    private List<ExportManifest.GapEntry> gaps(ExportRequest request, ExportPlanner planner) {
        List<Gap> rows = index.gaps(request.stream(), planner.firstWall(), planner.endWall());
        List<DatedGap> all = new ArrayList<>();
        for (Gap row : rows) {
            all.add(new DatedGap(row.start(), new ExportManifest.GapEntry(row.start().toString(),
                    row.end().toString(), row.cause().name(), row.detail())));
        }
        List<ExportPlanner.Used> used = planner.used();
        for (int i = 1; i < used.size(); i++) {
            Instant holeStart = used.get(i - 1).row().endUtc();
            Instant holeEnd = used.get(i).row().startUtc();
            boolean covered = rows.stream().anyMatch(g -> g.start().isBefore(holeEnd) && g.end().isAfter(holeStart));
            if (!covered && Duration.between(holeStart, holeEnd).compareTo(HOLE_THRESHOLD) > 0) {
                all.add(new DatedGap(holeStart, new ExportManifest.GapEntry(holeStart.toString(), holeEnd.toString(),
                        UNKNOWN_CAUSE, UNKNOWN_DETAIL)));
            }
        }
        all.sort(Comparator.comparing(DatedGap::start));
        return all.stream().map(DatedGap::entry).toList();
    }

    /** A manifest gap with its start as an instant, for sorting. */
    private record DatedGap(Instant start, ExportManifest.GapEntry entry) {
    }

    /** In words, per clock source, how many source segments took their times from it. */
    static String timeSource(Map<ClockSource, Integer> clocks) {
        List<String> parts = new ArrayList<>(2);
        for (Map.Entry<ClockSource, Integer> e : clocks.entrySet()) {
            String source = e.getKey() == ClockSource.RTCP_SR
                    ? "wall clock from the cameras' RTCP sender reports (RTCP_SR)"
                    : "NVR receive clock (RECEIVE_CLOCK)";
            parts.add(source + " for " + e.getValue() + (e.getValue() == 1 ? " segment" : " segments"));
        }
        return String.join("; ", parts);
    }

    /** {@code <camera>-<stream>-<start>-<end>.mp4} with the requested times as {@code yyyyMMddTHHmmssZ}. */
    static String fileName(ExportRequest request) {
        return request.stream().cameraId() + "-" + request.stream().streamName() + "-"
                + NAME_TIME.format(request.start()) + "-" + NAME_TIME.format(request.end()) + ".mp4";
    }
}
