package org.nvr.storage.index;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;

/** The {@code segment} columns every query selects, and their mapping to {@link SegmentRow}. */
final class SegmentRows {
    /** Select list over {@code segment s JOIN stream st}; {@link #map} reads it from column 1. */
    static final String COLUMNS = "s.id, st.camera_id, st.name, s.sequence, s.start_90k, s.end_90k,"
            + " s.media_duration_90k, s.bytes, s.frames, s.path, s.end_reason, s.sha256, s.clock_source";
    /** Number of columns in {@link #COLUMNS}. */
    static final int COLUMN_COUNT = 13;
    /** The join every segment query reads from. */
    static final String FROM = " FROM segment s JOIN stream st ON st.id = s.stream_id";

    private SegmentRows() {
    }

    static SegmentRow map(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        try {
            return new SegmentRow(id, new StreamKey(rs.getString(2), rs.getString(3)), rs.getLong(4),
                    Time90k.toInstant(rs.getLong(5)), Time90k.toInstant(rs.getLong(6)), rs.getLong(7),
                    rs.getLong(8), rs.getLong(9), Path.of(rs.getString(10)), EndReason.valueOf(rs.getString(11)),
                    rs.getString(12), ClockSource.valueOf(rs.getString(13)));
        } catch (IllegalArgumentException e) {
            // The check constraints admit only valid names and enum values; a row that maps badly is damaged.
            throw new NvrException(Kind.DATA_LOSS, "index: segment row " + id + " is unreadable: " + e.getMessage(),
                    e);
        }
    }
}
