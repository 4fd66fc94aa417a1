package org.nvr.storage.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nvr.core.model.Gap;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.ScanResult;
import org.nvr.storage.segment.SegmentFileScanner;

/**
 * What a stream's recording looks like after faults, and the invariants every fault test checks: every file under
 * the root has a row and scans clean with the row's size and frames, no row points at a missing file, no duration
 * is negative, segments follow each other in time, and segments and gaps together tile the recorded span (each
 * hole explained by a gap within {@code slack}).
 */
public final class RecordingAudit {
    public final List<SegmentRow> segments;
    public final List<Gap> gaps;
    /** Problems found; the tests expect none. */
    public final List<String> problems = new ArrayList<>();

    private RecordingAudit(List<SegmentRow> segments, List<Gap> gaps) {
        this.segments = segments;
        this.gaps = gaps;
    }

    /** Audits {@code stream}; {@code slack} is how far a gap may miss the segments on either side of it. */
    public static RecordingAudit of(H2RecordingIndex index, Path root, StreamKey stream, Duration slack)
            throws IOException {
        RecordingAudit audit = filesOnly(index, root, stream);
        audit.checkTiling(slack);
        return audit;
    }

    /**
     * Audits the files and rows only, not the order in time: after the wall clock stepped back, a segment may start
     * before the one recorded earlier ends (docs/reliability.md, "Fault injection").
     */
    public static RecordingAudit filesOnly(H2RecordingIndex index, Path root, StreamKey stream) throws IOException {
        List<SegmentRow> segments = index.segments(stream, Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z"));
        List<Gap> gaps = index.gaps(stream, Instant.EPOCH, Instant.parse("2999-01-01T00:00:00Z"));
        RecordingAudit audit = new RecordingAudit(segments, gaps);
        audit.checkFiles(root, stream);
        return audit;
    }

    /** Media seconds recorded. */
    public double recordedSeconds() {
        return segments.stream().mapToLong(SegmentRow::mediaDuration90k).sum() / 90_000.0;
    }

    /** Seconds inside gaps. */
    public double gapSeconds() {
        return gaps.stream().mapToLong(g -> Duration.between(g.start(), g.end()).toMillis()).sum() / 1000.0;
    }

    /** Wall seconds from the first segment's start to the last one's end. */
    public double spanSeconds() {
        if (segments.isEmpty()) {
            return 0;
        }
        Instant end = segments.stream().map(SegmentRow::endUtc).max(Comparator.naturalOrder()).orElseThrow();
        return Duration.between(segments.get(0).startUtc(), end).toMillis() / 1000.0;
    }

    public long frames() {
        return segments.stream().mapToLong(SegmentRow::frames).sum();
    }

    private void checkFiles(Path root, StreamKey stream) throws IOException {
        List<Path> indexed = new ArrayList<>();
        for (SegmentRow row : segments) {
            Path file = root.resolve(row.path());
            indexed.add(file);
            if (row.mediaDuration90k() < 0 || row.endUtc().isBefore(row.startUtc())) {
                problems.add(row.path() + ": negative duration");
            }
            if (!Files.exists(file)) {
                problems.add(row.path() + ": row points at a missing file");
                continue;
            }
            ScanResult scan = SegmentFileScanner.scan(file);
            if (!scan.complete()) {
                problems.add(row.path() + ": does not scan clean: " + scan.problem());
            }
            if (scan.fileBytes() != row.bytes() || scan.frames() != row.frames()
                    || scan.mediaDuration90k() != row.mediaDuration90k()) {
                problems.add(row.path() + ": file has " + scan.fileBytes() + " bytes, " + scan.frames() + " frames, "
                        + scan.mediaDuration90k() + " ticks; row says " + row.bytes() + ", " + row.frames() + ", "
                        + row.mediaDuration90k());
            }
        }
        Path cameraDir = root.resolve(stream.cameraId());
        if (Files.isDirectory(cameraDir)) {
            try (Stream<Path> walk = Files.walk(cameraDir)) {
                walk.filter(Files::isRegularFile).filter(f -> !indexed.contains(f))
                        .forEach(f -> problems.add(root.relativize(f) + ": file without a row"));
            }
        }
    }

    private void checkTiling(Duration slack) {
        for (int i = 1; i < segments.size(); i++) {
            SegmentRow before = segments.get(i - 1);
            SegmentRow after = segments.get(i);
            if (after.sequence() <= before.sequence()) {
                problems.add("segment " + after.sequence() + " starts after segment " + before.sequence());
            }
            if (after.startUtc().isBefore(before.endUtc().minus(slack))) {
                problems.add("segment " + after.sequence() + " at " + after.startUtc() + " overlaps segment "
                        + before.sequence() + " ending " + before.endUtc());
            }
            Duration hole = Duration.between(before.endUtc(), after.startUtc());
            if (hole.compareTo(slack) > 0 && explaining(before.endUtc(), after.startUtc(), slack).isEmpty()) {
                problems.add("no gap explains the " + hole.toMillis() + " ms between segment " + before.sequence()
                        + " ending " + before.endUtc() + " and segment " + after.sequence());
            }
        }
        for (Gap gap : gaps) {
            boolean inside = segments.stream().anyMatch(s -> s.startUtc().isBefore(gap.start().minus(slack))
                    && s.endUtc().isAfter(gap.end().plus(slack)));
            if (inside) {
                problems.add("gap " + gap + " lies inside a segment");
            }
        }
    }

    /**
     * The gaps that follow each other from within slack of {@code from} to within slack of {@code to} (a disk gap
     * split by a camera gap is two), or an empty list when they do not reach.
     */
    public List<Gap> explaining(Instant from, Instant to, Duration slack) {
        List<Gap> chain = new ArrayList<>();
        Instant cursor = from;
        for (Gap gap : gaps) {
            if (Duration.between(cursor, gap.start()).abs().compareTo(slack) <= 0 && gap.end().isAfter(cursor)) {
                chain.add(gap);
                cursor = gap.end();
                if (Duration.between(cursor, to).abs().compareTo(slack) <= 0) {
                    return chain;
                }
            }
        }
        return List.of();
    }

    public String describe() {
        StringBuilder out = new StringBuilder();
        for (SegmentRow s : segments) {
            out.append("  segment ").append(s.sequence()).append(' ').append(s.startUtc()).append(" .. ")
                    .append(s.endUtc()).append(' ').append(s.frames()).append(" frames ").append(s.endReason())
                    .append('\n');
        }
        for (Gap g : gaps) {
            out.append("  gap ").append(g.start()).append(" .. ").append(g.end()).append(' ').append(g.cause())
                    .append(" (").append(g.detail()).append(")\n");
        }
        return out.toString();
    }
}
