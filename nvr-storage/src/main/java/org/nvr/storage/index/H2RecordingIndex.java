package org.nvr.storage.index;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.h2.api.ErrorCode;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.FragmentLocation;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.StreamKey;
import org.nvr.core.time.NvrClock;

/**
 * {@link RecordingIndex} on the H2 {@link Database}, plus the queries retention and {@code nvr check} need and
 * the deletion protocol's garbage rows. Thread-safe: every call is one transaction on a pooled connection.
 *
 * <p>Times are stored as 90 kHz ticks since the epoch ({@link Time90k}: instants are floored to the tick, and
 * rows come back with the first nanosecond of their tick). Range queries compare exactly against those stored
 * instants: a range's start is floored and its end rounded up to the next tick boundary. An empty range holds
 * nothing.
 * Camera and stream rows are created the first time a segment or gap of the stream is added; queries about a
 * stream never create rows.
 */
public final class H2RecordingIndex implements RecordingIndex {
    /** Longest segment the schema accepts (check {@code segment_duration_bounded}): one hour. */
    public static final long MAX_SEGMENT_DURATION_90K = 3600 * Time90k.TICKS_PER_SECOND;
    /** Longest gap detail kept; longer texts are cut (a gap is worth more than its full message). */
    public static final int MAX_GAP_DETAIL_CHARS = 512;
    /** Longest garbage reason kept. */
    public static final int MAX_GARBAGE_REASON_CHARS = 256;
    /** Attempts to create a stream row when other threads create the same one at the same time. */
    private static final int CREATE_STREAM_ATTEMPTS = 3;

    /** Segments overlapping a range; parameters: stream id, to, from - max duration, from (ticks). */
    static final String SEGMENTS_SQL = "SELECT " + SegmentRows.COLUMNS + SegmentRows.FROM
            + " WHERE s.stream_id = ? AND s.start_90k < ? AND s.start_90k >= ? AND s.end_90k > ?"
            + " ORDER BY s.start_90k, s.id";
    /** Gaps overlapping a range; parameters: stream id, from, to (ticks). */
    static final String GAPS_SQL = "SELECT start_90k, end_90k, cause, detail FROM gap"
            + " WHERE stream_id = ? AND end_90k > ? AND start_90k < ? ORDER BY start_90k, id";
    /** The segment containing a time, with its seek index; parameters: stream id, t, t - max duration, t. */
    static final String FRAGMENT_AT_SQL = "SELECT " + SegmentRows.COLUMNS + ", f.fragment_count, f.fragment_index"
            + SegmentRows.FROM + " JOIN segment_fragments f ON f.segment_id = s.id"
            + " WHERE s.stream_id = ? AND s.start_90k <= ? AND s.start_90k >= ? AND s.end_90k > ?"
            + " ORDER BY s.start_90k DESC, s.id DESC FETCH FIRST 1 ROWS ONLY";

    /** Segments of all cameras starting at or before a time, oldest first; parameters: cutoff (ticks), limit. */
    static final String SEGMENTS_STARTING_BEFORE_SQL = "SELECT " + SegmentRows.COLUMNS + SegmentRows.FROM
            + " WHERE s.start_90k <= ? ORDER BY s.start_90k, s.id FETCH FIRST ? ROWS ONLY";
    /** Segments of one camera starting at or before a time, oldest first; parameters: cutoff, camera id, limit. */
    static final String CAMERA_SEGMENTS_STARTING_BEFORE_SQL = "SELECT " + SegmentRows.COLUMNS + SegmentRows.FROM
            + " WHERE s.start_90k <= ? AND st.camera_id = ? ORDER BY s.start_90k, s.id FETCH FIRST ? ROWS ONLY";

    private final Transactions transactions;
    private final NvrClock clock;
    /**
     * Stream ids by key, so that each segment insert does not look its stream up again. Rows of the stream table
     * are never deleted, so an id once read stays valid; bounded by the streams ever recorded.
     */
    private final Map<StreamKey, Long> streamIds = new ConcurrentHashMap<>();

    /**
     * @param database the migrated index database (not closed by this class)
     * @param clock    reads the time for {@code created_at} and {@code marked_at}
     */
    public H2RecordingIndex(Database database, NvrClock clock) {
        this.transactions = new Transactions(Objects.requireNonNull(database, "database"), "index");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long nextSequence(StreamKey stream) {
        return transactions.run("next sequence of " + stream, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT next_sequence FROM stream WHERE camera_id = ? AND name = ?")) {
                ps.setString(1, stream.cameraId());
                ps.setString(2, stream.streamName());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void addSegment(SegmentSummary segment) {
        StreamKey stream = segment.start().stream();
        String operation = "add segment " + stream + " #" + segment.start().sequence() + " (" + segment.path() + ")";
        if (segment.path().isAbsolute()) {
            throw new NvrException(Kind.INVALID_ARGUMENT, operation + ": path must be relative to the storage root");
        }
        List<FragmentEntry> fragments = segment.fragments();
        if (!fragments.isEmpty() && !fragments.get(0).startsWithKeyframe()) {
            throw new NvrException(Kind.INVALID_ARGUMENT, operation + ": the first fragment must start with a"
                    + " keyframe");
        }
        byte[] fragmentIndex;
        try {
            fragmentIndex = FragmentIndexCodec.encode(fragments);
        } catch (IllegalArgumentException e) {
            throw new NvrException(Kind.INVALID_ARGUMENT, operation + ": " + e.getMessage(), e);
        }
        withStream(stream, streamId -> transactions.run(operation, c -> {
            long segmentId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment (stream_id, sequence, start_90k,"
                    + " end_90k, media_duration_90k, start_pts_90k, bytes, frames, path, end_reason, sha256,"
                    + " clock_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, streamId);
                ps.setLong(2, segment.start().sequence());
                ps.setLong(3, Time90k.toTicks(segment.start().startUtc()));
                ps.setLong(4, Time90k.toTicks(segment.endUtc()));
                ps.setLong(5, segment.mediaDuration90k());
                ps.setLong(6, segment.start().startPts90k());
                ps.setLong(7, segment.bytes());
                ps.setLong(8, segment.frames());
                ps.setString(9, pathText(segment.path()));
                ps.setString(10, segment.endReason().name());
                ps.setString(11, segment.sha256());
                ps.setString(12, segment.start().clockSource().name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    segmentId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE stream SET next_sequence = GREATEST(next_sequence, ?) WHERE id = ?")) {
                ps.setLong(1, segment.start().sequence() + 1);
                ps.setLong(2, streamId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment_fragments (segment_id,"
                    + " fragment_count, fragment_index) VALUES (?, ?, ?)")) {
                ps.setLong(1, segmentId);
                ps.setInt(2, fragments.size());
                ps.setBytes(3, fragmentIndex);
                ps.executeUpdate();
            }
            return segmentId;
        }));
    }

    @Override
    public void addGap(StreamKey stream, Gap gap) {
        String detail = gap.detail().length() > MAX_GAP_DETAIL_CHARS
                ? gap.detail().substring(0, MAX_GAP_DETAIL_CHARS) : gap.detail();
        withStream(stream, streamId -> transactions.run("add gap " + stream + " at " + gap.start(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO gap (stream_id, start_90k, end_90k, cause, detail) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, streamId);
                ps.setLong(2, Time90k.toTicks(gap.start()));
                ps.setLong(3, Time90k.toTicks(gap.end()));
                ps.setString(4, gap.cause().name());
                ps.setString(5, detail);
                return ps.executeUpdate();
            }
        }));
    }

    @Override
    public List<SegmentRow> segments(StreamKey stream, Instant from, Instant to) {
        requireRange(from, to);
        if (from.equals(to)) {
            return List.of();
        }
        long from90k = Time90k.toTicks(from);
        long to90k = Time90k.toTicksCeiling(to);
        return transactions.run("segments of " + stream + " in [" + from + ", " + to + ")", c -> {
            OptionalLong streamId = findStream(c, stream);
            if (streamId.isEmpty()) {
                return List.of();
            }
            // Overlap of [start, end) with [from, to): start < to and end > from. The duration bound turns the
            // first condition into a range on the (stream_id, start_90k) index: start >= from - max duration.
            try (PreparedStatement ps = c.prepareStatement(SEGMENTS_SQL)) {
                ps.setLong(1, streamId.getAsLong());
                ps.setLong(2, to90k);
                ps.setLong(3, from90k - MAX_SEGMENT_DURATION_90K);
                ps.setLong(4, from90k);
                return readSegments(ps);
            }
        });
    }

    @Override
    public List<Gap> gaps(StreamKey stream, Instant from, Instant to) {
        requireRange(from, to);
        if (from.equals(to)) {
            return List.of();
        }
        long from90k = Time90k.toTicks(from);
        long to90k = Time90k.toTicksCeiling(to);
        return transactions.run("gaps of " + stream + " in [" + from + ", " + to + ")", c -> {
            OptionalLong streamId = findStream(c, stream);
            if (streamId.isEmpty()) {
                return List.of();
            }
            // Gaps have no length bound (a camera may be off for weeks), so no two-sided range: one of the
            // (stream_id, start_90k) or (stream_id, end_90k) indexes bounds one side; a stream has few gaps.
            try (PreparedStatement ps = c.prepareStatement(GAPS_SQL)) {
                ps.setLong(1, streamId.getAsLong());
                ps.setLong(2, from90k);
                ps.setLong(3, to90k);
                List<Gap> gaps = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        gaps.add(new Gap(Time90k.toInstant(rs.getLong(1)), Time90k.toInstant(rs.getLong(2)),
                                GapCause.valueOf(rs.getString(3)), rs.getString(4)));
                    }
                }
                return gaps;
            }
        });
    }

    @Override
    public Optional<FragmentLocation> fragmentAt(StreamKey stream, Instant t) {
        long t90k = Time90k.toTicks(t);
        return transactions.run("fragment of " + stream + " at " + t, c -> {
            OptionalLong streamId = findStream(c, stream);
            if (streamId.isEmpty()) {
                return Optional.empty();
            }
            // The latest-starting segment containing t (segments of a stream overlap only after a clock step).
            try (PreparedStatement ps = c.prepareStatement(FRAGMENT_AT_SQL)) {
                ps.setLong(1, streamId.getAsLong());
                ps.setLong(2, t90k);
                ps.setLong(3, t90k - MAX_SEGMENT_DURATION_90K);
                ps.setLong(4, t90k);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    SegmentRow segment = SegmentRows.map(rs);
                    List<FragmentEntry> fragments = FragmentIndexCodec.decode(
                            rs.getBytes(SegmentRows.COLUMN_COUNT + 2), rs.getInt(SegmentRows.COLUMN_COUNT + 1),
                            "segment " + segment.id() + " (" + segment.path() + ")");
                    long start90k = Time90k.toTicks(segment.startUtc());
                    return keyframeFragmentAt(fragments, t90k - start90k)
                            .map(f -> new FragmentLocation(segment, f));
                }
            }
        });
    }

    /**
     * The last fragment starting with a keyframe at or before {@code offset90k}; when t falls before every
     * keyframe fragment (before the first one's start), the first keyframe fragment, where playback can begin.
     */
    static Optional<FragmentEntry> keyframeFragmentAt(List<FragmentEntry> fragments, long offset90k) {
        FragmentEntry found = null;
        for (FragmentEntry f : fragments) {
            if (!f.startsWithKeyframe()) {
                continue;
            }
            if (f.startOffset90k() > offset90k) {
                return Optional.of(found != null ? found : f);
            }
            found = f;
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Optional<RecordedSpan> span(String cameraId) {
        return transactions.run("span of camera " + cameraId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(s.start_90k), MAX(s.end_90k),"
                    + " SUM(s.bytes), COUNT(*)" + SegmentRows.FROM + " WHERE st.camera_id = ?")) {
                ps.setString(1, cameraId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long count = rs.getLong(4);
                    if (count == 0) {
                        return Optional.empty();
                    }
                    return Optional.of(new RecordedSpan(Time90k.toInstant(rs.getLong(1)),
                            Time90k.toInstant(rs.getLong(2)), rs.getLong(3), count));
                }
            }
        });
    }

    /** The segment stored at {@code path} (relative to the storage root), if indexed. */
    public Optional<SegmentRow> segmentByPath(Path path) {
        return transactions.run("segment at " + path, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SegmentRows.COLUMNS + SegmentRows.FROM
                    + " WHERE s.path = ?")) {
                ps.setString(1, pathText(path));
                List<SegmentRow> rows = readSegments(ps);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    /**
     * One page of all segments in id order, for walking the whole index ({@code nvr check}) without holding a
     * transaction open: pass 0, then the last id of each page, until a page comes back empty.
     */
    public List<SegmentRow> segmentsAfterId(long afterId, int limit) {
        requireLimit(limit);
        return transactions.run("segments after id " + afterId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SegmentRows.COLUMNS + SegmentRows.FROM
                    + " WHERE s.id > ? ORDER BY s.id FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                return readSegments(ps);
            }
        });
    }

    /** The oldest segments (by start) of a camera, or of all cameras when {@code cameraId} is null. */
    public List<SegmentRow> oldestSegments(String cameraId, int limit) {
        requireLimit(limit);
        return transactions.run("oldest segments of " + (cameraId == null ? "all cameras" : cameraId), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SegmentRows.COLUMNS + SegmentRows.FROM
                    + (cameraId == null ? "" : " WHERE st.camera_id = ?")
                    + " ORDER BY s.start_90k, s.id FETCH FIRST ? ROWS ONLY")) {
                int p = 1;
                if (cameraId != null) {
                    ps.setString(p++, cameraId);
                }
                ps.setInt(p, limit);
                return readSegments(ps);
            }
        });
    }

    /**
     * Segments (oldest first) of a camera, or of all cameras when {@code cameraId} is null, that start at or before
     * {@code cutoff}: what retention by age deletes. By start, not end: a segment holds footage as old as its start,
     * and the age limit is a ceiling, so the segment goes as soon as any of its footage reaches it.
     */
    public List<SegmentRow> segmentsStartingBefore(String cameraId, Instant cutoff, int limit) {
        requireLimit(limit);
        String who = cameraId == null ? "all cameras" : cameraId;
        return transactions.run("segments of " + who + " starting before " + cutoff, c -> {
            try (PreparedStatement ps = c.prepareStatement(cameraId == null ? SEGMENTS_STARTING_BEFORE_SQL
                    : CAMERA_SEGMENTS_STARTING_BEFORE_SQL)) {
                int p = 1;
                ps.setLong(p++, Time90k.toTicks(cutoff));
                if (cameraId != null) {
                    ps.setString(p++, cameraId);
                }
                ps.setInt(p, limit);
                return readSegments(ps);
            }
        });
    }

    /** Segment bytes of every camera in the index (0 for a camera without segments), by camera id. */
    public Map<String, Long> bytesByCamera() {
        return transactions.run("bytes by camera", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cam.id, COALESCE(SUM(s.bytes), 0) FROM camera cam"
                    + " LEFT JOIN stream st ON st.camera_id = cam.id LEFT JOIN segment s ON s.stream_id = st.id"
                    + " GROUP BY cam.id ORDER BY cam.id");
                 ResultSet rs = ps.executeQuery()) {
                Map<String, Long> bytes = new LinkedHashMap<>();
                while (rs.next()) {
                    bytes.put(rs.getString(1), rs.getLong(2));
                }
                return bytes;
            }
        });
    }

    /** Bytes of all indexed segments (not counting garbage not yet deleted). */
    public long totalBytes() {
        return transactions.run("total bytes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(bytes), 0) FROM segment");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Ids of the cameras in the index, sorted. */
    public List<String> cameras() {
        return transactions.run("list cameras", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM camera ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        });
    }

    /**
     * Step one of deleting a segment: in one transaction, records its file as garbage and deletes its row (and
     * seek index). Then unlink the file, fsync its directory and call {@link #deleteGarbage}.
     *
     * @throws NvrException NOT_FOUND when there is no such segment
     */
    public GarbageRow markGarbage(long segmentId, String reason) {
        Objects.requireNonNull(reason, "reason");
        String kept = reason.length() > MAX_GARBAGE_REASON_CHARS ? reason.substring(0, MAX_GARBAGE_REASON_CHARS)
                : reason;
        Instant markedAt = clock.wallNow();
        return transactions.run("mark segment " + segmentId + " as garbage", c -> {
            String path;
            long bytes;
            try (PreparedStatement ps = c.prepareStatement("SELECT path, bytes FROM segment WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, segmentId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NvrException(Kind.NOT_FOUND, "index: no segment " + segmentId + " to delete");
                    }
                    path = rs.getString(1);
                    bytes = rs.getLong(2);
                }
            }
            long garbageId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO garbage (path, bytes, reason, marked_at)"
                    + " VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, path);
                ps.setLong(2, bytes);
                ps.setString(3, kept);
                ps.setObject(4, utc(markedAt));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    garbageId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM segment WHERE id = ?")) {
                ps.setLong(1, segmentId);
                ps.executeUpdate();
            }
            return new GarbageRow(garbageId, Path.of(path), bytes, kept, markedAt);
        });
    }

    /** Garbage rows not yet deleted, oldest first: on startup, finish deleting their files. */
    public List<GarbageRow> garbage(int limit) {
        requireLimit(limit);
        return transactions.run("list garbage", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, path, bytes, reason, marked_at FROM garbage"
                    + " ORDER BY id FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, limit);
                List<GarbageRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new GarbageRow(rs.getLong(1), Path.of(rs.getString(2)), rs.getLong(3),
                                rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Last step of deleting a segment, after its file is unlinked and the directory fsynced.
     *
     * @return false when the row was already gone (a repeated sweep after a crash), true when deleted now
     */
    public boolean deleteGarbage(long garbageId) {
        return transactions.run("delete garbage " + garbageId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM garbage WHERE id = ?")) {
                ps.setLong(1, garbageId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Runs an insert that references the stream's row. When that row is gone although its id is cached (H2 closed
     * the database after a failed write to a full disk and {@link Database} reopened it at its last durable commit,
     * which may predate the stream row), the cache entry is dropped and the insert retried once with the row made
     * again: otherwise every later insert of the stream would fail until a restart.
     */
    private <T> T withStream(StreamKey stream, LongFunction<T> insert) {
        long streamId = ensureStream(stream);
        try {
            return insert.apply(streamId);
        } catch (NvrException e) {
            if (!(e.getCause() instanceof SQLException sql)
                    || sql.getErrorCode() != ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_PARENT_MISSING_1) {
                throw e;
            }
            streamIds.remove(stream, streamId);
            return insert.apply(ensureStream(stream));
        }
    }

    /** The stream's id, creating the camera and stream rows on first use. */
    private long ensureStream(StreamKey stream) {
        Long cached = streamIds.get(stream);
        if (cached != null) {
            return cached;
        }
        long id = createStream(stream);
        streamIds.put(stream, id);
        return id;
    }

    private long createStream(StreamKey stream) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.run("create stream " + stream, c -> {
                    OptionalLong existing = findStream(c, stream);
                    if (existing.isPresent()) {
                        return existing.getAsLong();
                    }
                    OffsetDateTime now = utc(clock.wallNow());
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera (id, created_at)"
                            + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM camera WHERE id = ?)")) {
                        ps.setString(1, stream.cameraId());
                        ps.setObject(2, now);
                        ps.setString(3, stream.cameraId());
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO stream (camera_id, name, created_at)"
                            + " VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                        ps.setString(1, stream.cameraId());
                        ps.setString(2, stream.streamName());
                        ps.setObject(3, now);
                        ps.executeUpdate();
                        try (ResultSet keys = ps.getGeneratedKeys()) {
                            keys.next();
                            return keys.getLong(1);
                        }
                    }
                });
            } catch (NvrException e) {
                // Another thread created the same camera or stream first: its row is there on the next attempt.
                if (attempt >= CREATE_STREAM_ATTEMPTS || !isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isDuplicateKey(NvrException e) {
        return e.getCause() instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DUPLICATE_KEY_1;
    }

    private static OptionalLong findStream(Connection c, StreamKey stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM stream WHERE camera_id = ? AND name = ?")) {
            ps.setString(1, stream.cameraId());
            ps.setString(2, stream.streamName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static List<SegmentRow> readSegments(PreparedStatement ps) throws SQLException {
        List<SegmentRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(SegmentRows.map(rs));
            }
        }
        return rows;
    }

    /**
     * {@code TIMESTAMP WITH TIME ZONE} values are written as UTC offset date-times (JDBC 4.2), not
     * {@link java.sql.Timestamp}, which would pass through the JVM's default time zone.
     */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Paths are stored '/'-separated, relative to the storage root. */
    private static String pathText(Path path) {
        return path.toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static void requireRange(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "time range ends before it starts: [" + from + ", " + to
                    + ")");
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "limit must be >= 1: " + limit);
        }
    }
}
