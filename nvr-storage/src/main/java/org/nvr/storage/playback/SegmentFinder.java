package org.nvr.storage.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;

/**
 * The segments of a stream in start order, fetched from the index lazily in windows: one window ({@code batch}) at
 * a time while segments follow each other, doubling across an empty stretch (a camera off for a week costs a few
 * queries, not one per window), and never past the camera's recorded span. Holds at most one window's rows.
 */
final class SegmentFinder {
    private final RecordingIndex index;
    private final StreamKey stream;
    private final Duration batch;
    private final ArrayDeque<SegmentRow> pending = new ArrayDeque<>();
    /** Segments overlapping [.., searchedTo) have been fetched. */
    private Instant searchedTo;

    SegmentFinder(RecordingIndex index, StreamKey stream, Instant from, Duration batch) {
        this.index = index;
        this.stream = stream;
        this.searchedTo = from;
        this.batch = batch;
    }

    /** The first segment starting after {@code last} (any when null), or null when none is recorded yet. */
    SegmentRow next(SegmentRow last) {
        Duration window = batch;
        while (true) {
            while (!pending.isEmpty()) {
                SegmentRow row = pending.poll();
                if (last == null || after(row, last)) {
                    return row;
                }
            }
            Optional<RecordedSpan> span = index.span(stream.cameraId());
            if (span.isEmpty() || !span.get().last().isAfter(searchedTo)) {
                return null;
            }
            Instant to = searchedTo.plus(window);
            if (to.isAfter(span.get().last())) {
                to = span.get().last();
            }
            List<SegmentRow> rows = index.segments(stream, searchedTo, to);
            searchedTo = to;
            pending.addAll(rows);
            window = rows.isEmpty() ? window.multipliedBy(2) : batch;
        }
    }

    /** Start order, ties broken by id (segments of a stream overlap only after a clock step). */
    private static boolean after(SegmentRow row, SegmentRow last) {
        int byStart = row.startUtc().compareTo(last.startUtc());
        return byStart > 0 || (byStart == 0 && row.id() > last.id());
    }
}
