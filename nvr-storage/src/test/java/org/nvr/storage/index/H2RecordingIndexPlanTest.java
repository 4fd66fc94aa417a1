package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.storage.index.Segments.segment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nvr.core.record.FragmentLocation;
import org.nvr.core.record.StreamKey;

/**
 * With 1000 one-minute segments of 60 fragments on each of two streams, the range queries are answered from the
 * indexes: the plans H2 chooses name them (checked with EXPLAIN rather than timing, which a busy machine blurs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2RecordingIndexPlanTest {
    private static final StreamKey MAIN = new StreamKey("cam1", "main");
    private static final StreamKey OTHER = new StreamKey("cam2", "main");
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final int SEGMENTS = 1000;

    private Database db;
    private H2RecordingIndex index;

    @BeforeAll
    void fill() {
        db = Database.inMemory("plans");
        index = new H2RecordingIndex(db, new FixedClock(T0));
        for (int i = 0; i < SEGMENTS; i++) {
            index.addSegment(segment(MAIN, i, T0.plusSeconds(60L * i), 60, 2));
            index.addSegment(segment(OTHER, i, T0.plusSeconds(60L * i), 60, 2));
        }
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("ANALYZE")) {
            ps.execute();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void rangeQueryUsesTheStreamStartIndex() throws SQLException {
        long from90k = Time90k.toTicks(T0.plusSeconds(60L * 500));
        String plan = explain(H2RecordingIndex.SEGMENTS_SQL, streamId(), from90k + 90_000L * 600,
                from90k - H2RecordingIndex.MAX_SEGMENT_DURATION_90K, from90k);
        assertThat(plan).containsIgnoringCase("PUBLIC.SEGMENT_STREAM_START: START_90K >= ?3");
        assertThat(index.segments(MAIN, T0.plusSeconds(60L * 500), T0.plusSeconds(60L * 510))).hasSize(10);
    }

    @Test
    void fragmentAtUsesTheStreamStartIndexAndTheSeekIndexKey() throws SQLException {
        long t90k = Time90k.toTicks(T0.plusSeconds(60L * 700 + 7));
        String plan = explain(H2RecordingIndex.FRAGMENT_AT_SQL, streamId(), t90k,
                t90k - H2RecordingIndex.MAX_SEGMENT_DURATION_90K, t90k);
        assertThat(plan).containsIgnoringCase("SEGMENT_STREAM_START");
        // The seek index row is fetched by its primary key (H2 names that index PRIMARY_KEY_<n>).
        assertThat(plan).containsPattern(
                "\"SEGMENT_FRAGMENTS\" \"F\"\\s*/\\* PUBLIC\\.PRIMARY_KEY_\\w+: SEGMENT_ID = S\\.ID");
        FragmentLocation at = index.fragmentAt(MAIN, T0.plusSeconds(60L * 700 + 7)).orElseThrow();
        assertThat(at.segment().sequence()).isEqualTo(700);
        // Keyframe every second fragment: second 7 is in fragment 7, whose keyframe fragment is 6.
        assertThat(at.fragment().startOffset90k()).isEqualTo(6 * 90_000L);
    }

    @Test
    void gapQueryUsesAGapIndex() throws SQLException {
        String plan = explain(H2RecordingIndex.GAPS_SQL, streamId(), 0L, 1L);
        assertThat(plan).containsIgnoringCase("GAP_STREAM_");
    }

    @Test
    void retentionByAgeUsesAStartIndex() throws SQLException {
        long cutoff90k = Time90k.toTicks(T0.plusSeconds(60L * 10));
        // All cameras: a range scan of the start index, already in the order retention deletes.
        String all = explain(H2RecordingIndex.SEGMENTS_STARTING_BEFORE_SQL, cutoff90k, 500);
        assertThat(all).containsIgnoringCase("PUBLIC.SEGMENT_START: START_90K <= ?1");
        assertThat(index.segmentsStartingBefore(null, T0.plusSeconds(60L * 10), 500)).hasSize(22);
        // One camera: its streams, then the (stream, start) index (or the start index), never a scan.
        String camera = explainWithCamera(H2RecordingIndex.CAMERA_SEGMENTS_STARTING_BEFORE_SQL, cutoff90k, "cam1",
                500);
        assertThat(camera).containsPattern("PUBLIC\\.SEGMENT_(STREAM_)?START: ");
        // Segments 0..10 of cam1 start at or before minute 10 (segment 10 exactly at it).
        assertThat(index.segmentsStartingBefore("cam1", T0.plusSeconds(60L * 10), 500)).hasSize(11);
    }

    private long streamId() throws SQLException {
        return DatabaseTest.queryLong(db, "SELECT id FROM stream WHERE camera_id = 'cam1' AND name = 'main'");
    }

    /** EXPLAIN of a query whose parameters are a tick value, a camera id and a row limit. */
    private String explainWithCamera(String sql, long ticks, String cameraId, int limit) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            ps.setLong(1, ticks);
            ps.setString(2, cameraId);
            ps.setInt(3, limit);
            return planOf(ps);
        }
    }

    private String explain(String sql, long... parameters) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setLong(i + 1, parameters[i]);
            }
            return planOf(ps);
        }
    }

    private static String planOf(PreparedStatement explain) throws SQLException {
        try (ResultSet rs = explain.executeQuery()) {
            rs.next();
            String plan = rs.getString(1);
            // H2 marks a full scan as "<table>.tableScan" in the plan comments.
            assertThat(plan).as(plan).doesNotContain("tableScan");
            return plan;
        }
    }
}
