package org.nvr.storage.lifecycle;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.RecordingsWalker.SegmentFile;

/**
 * The index rows of one batch of a day directory's files, read with one range query per stream and day instead of
 * one query per file: a day directory holds the files of segments starting that UTC day, so
 * {@link H2RecordingIndex#segments} over the day returns their rows (plus the previous day's last segment, which
 * overlaps midnight and is filtered out by its directory). Memory: the rows of the batch's streams for one day.
 */
public final class DayRows {
    private final H2RecordingIndex index;
    private final Map<Path, SegmentRow> rows;

    private DayRows(H2RecordingIndex index, Map<Path, SegmentRow> rows) {
        this.index = index;
        this.rows = rows;
    }

    /** Reads the rows for a batch of files from one day directory (as {@link RecordingsWalker} hands them over). */
    public static DayRows load(H2RecordingIndex index, Path dayDirectory, List<SegmentFile> files) {
        Objects.requireNonNull(index, "index");
        Map<Path, SegmentRow> rows = new HashMap<>();
        if (files.isEmpty()) {
            return new DayRows(index, rows);
        }
        LocalDate day = LocalDate.ofInstant(files.get(0).parts().startUtc(), ZoneOffset.UTC);
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Set<StreamKey> streams = new LinkedHashSet<>();
        for (SegmentFile file : files) {
            streams.add(file.parts().stream());
        }
        for (StreamKey stream : streams) {
            for (SegmentRow row : index.segments(stream, from, to)) {
                if (dayDirectory.equals(row.path().getParent())) {
                    rows.put(row.path(), row);
                }
            }
        }
        return new DayRows(index, rows);
    }

    /**
     * The row of a file. A file the range query did not return is looked up by path before it is called
     * unindexed: a row whose times disagree with its file name (a zero-length segment at midnight, a row written by
     * another version) must never make its file look orphaned, since recovery would then re-index or quarantine it.
     */
    public Optional<SegmentRow> rowOf(SegmentFile file) {
        SegmentRow row = rows.get(file.relative());
        return row != null ? Optional.of(row) : index.segmentByPath(file.relative());
    }
}
