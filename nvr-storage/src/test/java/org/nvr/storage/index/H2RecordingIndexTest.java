package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nvr.storage.index.Segments.segment;
import static org.nvr.storage.index.Segments.span;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.FragmentLocation;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.StreamKey;

class H2RecordingIndexTest {
    static final StreamKey MAIN = new StreamKey("cam1", "main");
    static final StreamKey SUB = new StreamKey("cam1", "sub");
    static final StreamKey OTHER = new StreamKey("cam2", "main");
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2024-03-02T00:00:00Z");

    private Database db;
    private H2RecordingIndex index;

    @BeforeEach
    void open(TestInfo info) {
        db = Database.inMemory("index-" + info.getDisplayName().replaceAll("\\W", ""));
        index = new H2RecordingIndex(db, new FixedClock(NOW));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void segmentRoundTrips() {
        SegmentSummary s = segment(MAIN, 0, T0.plusNanos(123_456_789), 60, 2);
        index.addSegment(s);

        List<SegmentRow> rows = index.segments(MAIN, T0, T0.plusSeconds(3600));
        assertThat(rows).hasSize(1);
        SegmentRow row = rows.get(0);
        assertThat(row.id()).isPositive();
        assertThat(row.stream()).isEqualTo(MAIN);
        assertThat(row.sequence()).isZero();
        // 123 456 789 ns is tick 11 111 (11 111.11 ticks), whose first nanosecond is 123 455 556.
        assertThat(row.startUtc()).isEqualTo(T0.plusNanos(123_455_556));
        assertThat(row.endUtc()).isEqualTo(T0.plusSeconds(60).plusNanos(123_455_556));
        assertThat(row.mediaDuration90k()).isEqualTo(60 * 90_000L);
        assertThat(row.bytes()).isEqualTo(s.bytes());
        assertThat(row.frames()).isEqualTo(1500);
        assertThat(row.path()).isEqualTo(Path.of("cam1/main/0.mp4"));
        assertThat(row.endReason()).isEqualTo(EndReason.DURATION);
        assertThat(row.sha256()).isEqualTo(Segments.SHA256);
        assertThat(row.clockSource()).isEqualTo(ClockSource.RTCP_SR);
        assertThat(index.segmentByPath(Path.of("cam1/main/0.mp4"))).contains(row);
        assertThat(index.segmentByPath(Path.of("cam1/main/1.mp4"))).isEmpty();

        // Every fragment comes back: the keyframe fragment at each keyframe's own start.
        for (FragmentEntry f : s.fragments()) {
            if (f.startsWithKeyframe()) {
                Instant at = row.startUtc().plusNanos(f.startOffset90k() * 100_000 / 9);
                assertThat(index.fragmentAt(MAIN, at).map(FragmentLocation::fragment)).contains(f);
            }
        }
    }

    @Test
    void writesWorkAgainWhenTheCachedStreamRowIsGone() throws Exception {
        index.addGap(MAIN, new Gap(T0, T0.plusSeconds(1), GapCause.NETWORK, "before"));
        // What H2 reopened at an older commit after a write to a full disk failed looks like (seen with
        // bench/reliability.sh's real full disk): the stream row this index cached is not there any more.
        try (var c = db.connection(); var st = c.createStatement()) {
            st.executeUpdate("DELETE FROM gap");
            st.executeUpdate("DELETE FROM stream");
        }
        index.addGap(MAIN, new Gap(T0.plusSeconds(2), T0.plusSeconds(3), GapCause.DISK, "after"));
        index.addSegment(segment(MAIN, 0, T0.plusSeconds(3), 60, 1));
        assertThat(index.gaps(MAIN, T0, T0.plusSeconds(3600))).extracting(Gap::detail).containsExactly("after");
        assertThat(index.segments(MAIN, T0, T0.plusSeconds(3600))).hasSize(1);
    }

    @Test
    void streamsAreSeparate() {
        index.addSegment(segment(MAIN, 0, T0, 60, 1));
        index.addSegment(segment(SUB, 0, T0, 60, 1));
        index.addSegment(segment(OTHER, 0, T0, 60, 1));
        assertThat(index.segments(MAIN, T0, T0.plusSeconds(60))).extracting(SegmentRow::stream).containsExactly(MAIN);
        assertThat(index.segments(new StreamKey("cam3", "main"), T0, T0.plusSeconds(60))).isEmpty();
        assertThat(index.cameras()).containsExactly("cam1", "cam2");
    }

    @Test
    void overlapQueriesExcludeSegmentsTouchingTheRangeOnly() {
        Instant t1 = T0.plusSeconds(60);
        Instant t2 = T0.plusSeconds(120);
        Instant t3 = T0.plusSeconds(180);
        index.addSegment(span(MAIN, 0, T0, t1));
        index.addSegment(span(MAIN, 1, t1, t2));
        index.addSegment(span(MAIN, 2, t2, t3));

        // [t1, t2): the segment ending exactly at t1 and the one starting exactly at t2 are out.
        assertThat(sequences(index.segments(MAIN, t1, t2))).containsExactly(1L);
        // One nanosecond across either boundary brings the neighbour in (exact, despite 11 111 ns ticks).
        assertThat(sequences(index.segments(MAIN, t1.minusNanos(1), t2))).containsExactly(0L, 1L);
        assertThat(sequences(index.segments(MAIN, t1, t2.plusNanos(1)))).containsExactly(1L, 2L);
        assertThat(sequences(index.segments(MAIN, t1.minusNanos(1), t1))).containsExactly(0L);
        assertThat(sequences(index.segments(MAIN, T0.minusSeconds(10), t3.plusSeconds(10))))
                .containsExactly(0L, 1L, 2L);
        // An empty range inside a segment finds nothing; before and after all segments nothing.
        assertThat(index.segments(MAIN, t1.plusSeconds(5), t1.plusSeconds(5))).isEmpty();
        assertThat(index.segments(MAIN, T0.minusSeconds(60), T0)).isEmpty();
        assertThat(index.segments(MAIN, t3, t3.plusSeconds(60))).isEmpty();
        assertThatThrownBy(() -> index.segments(MAIN, t2, t1))
                .isInstanceOf(NvrException.class).hasMessageContaining("ends before it starts");
    }

    @Test
    void longSegmentStartingBeforeTheRangeIsFound() {
        // 59 minutes long, starting 59 minutes before the range: within the one-hour bound the query scans.
        index.addSegment(span(MAIN, 0, T0, T0.plus(Duration.ofMinutes(59))));
        assertThat(index.segments(MAIN, T0.plus(Duration.ofMinutes(58)), T0.plus(Duration.ofMinutes(70))))
                .hasSize(1);
        assertThat(index.fragmentAt(MAIN, T0.plus(Duration.ofMinutes(58)))).isPresent();
    }

    @Test
    void segmentLongerThanAnHourIsRejected() {
        SegmentSummary tooLong = span(MAIN, 0, T0, T0.plus(Duration.ofHours(1)).plusSeconds(1));
        assertThatThrownBy(() -> index.addSegment(tooLong))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("add segment cam1/main #0")
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        assertThat(index.segments(MAIN, T0, T0.plus(Duration.ofHours(2)))).isEmpty();
        // Exactly one hour is allowed.
        index.addSegment(span(MAIN, 0, T0, T0.plus(Duration.ofHours(1))));
    }

    @Test
    void gapsRoundTripAndOverlapLikeSegments() {
        Gap first = new Gap(T0, T0.plusSeconds(10), GapCause.NETWORK, "stall: no RTP for 10 s");
        Gap week = new Gap(T0.plusSeconds(60), T0.plus(Duration.ofDays(7)), GapCause.CAMERA, "camera off");
        index.addGap(MAIN, first);
        index.addGap(MAIN, week);
        index.addGap(SUB, new Gap(T0, T0.plusSeconds(5), GapCause.RESTART, "restart"));

        assertThat(index.gaps(MAIN, T0.minusSeconds(1), T0.plus(Duration.ofDays(8)))).containsExactly(first, week);
        // Touching the range only: out.
        assertThat(index.gaps(MAIN, T0.plusSeconds(10), T0.plusSeconds(60))).isEmpty();
        // Inside a week-long gap, days after it started.
        assertThat(index.gaps(MAIN, T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(3)).plusSeconds(1)))
                .containsExactly(week);
        assertThat(index.gaps(OTHER, T0, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void longGapDetailIsCut() {
        String detail = "x".repeat(2000);
        index.addGap(MAIN, new Gap(T0, T0.plusSeconds(1), GapCause.DISK, detail));
        assertThat(index.gaps(MAIN, T0, T0.plusSeconds(1)).get(0).detail()).hasSize(512);
    }

    @Test
    void fragmentAtPicksTheLastKeyframeFragmentAtOrBeforeT() {
        // Fragments start every second; fragments 0, 3, 6, ... start with a keyframe.
        index.addSegment(segment(MAIN, 0, T0, 60, 3));
        index.addSegment(segment(MAIN, 1, T0.plusSeconds(60), 60, 3));

        assertThat(fragmentStartSecond(T0)).isEqualTo(0);
        // Inside non-keyframe fragment 10: the keyframe fragment 9 before it.
        assertThat(fragmentStartSecond(T0.plusMillis(10_500))).isEqualTo(9);
        // Exactly at keyframe fragment 9's start, and one tick before it (fragment 8 -> keyframe fragment 6).
        assertThat(fragmentStartSecond(T0.plusSeconds(9))).isEqualTo(9);
        assertThat(fragmentStartSecond(T0.plusSeconds(9).minusNanos(1))).isEqualTo(6);
        // The last instant of the first segment, and the first of the second.
        assertThat(index.fragmentAt(MAIN, T0.plusSeconds(60).minusNanos(1)).orElseThrow().segment().sequence())
                .isZero();
        FragmentLocation second = index.fragmentAt(MAIN, T0.plusSeconds(60)).orElseThrow();
        assertThat(second.segment().sequence()).isEqualTo(1);
        assertThat(second.fragment().startOffset90k()).isZero();
        assertThat(second.fragment().byteOffset()).isEqualTo(1000);
        // Before, after, and on an unknown stream: nothing recorded.
        assertThat(index.fragmentAt(MAIN, T0.minusNanos(1))).isEmpty();
        assertThat(index.fragmentAt(MAIN, T0.plusSeconds(120))).isEmpty();
        assertThat(index.fragmentAt(OTHER, T0)).isEmpty();
    }

    @Test
    void fragmentAtFallsInAGapBetweenSegments() {
        index.addSegment(span(MAIN, 0, T0, T0.plusSeconds(30)));
        index.addSegment(span(MAIN, 1, T0.plusSeconds(40), T0.plusSeconds(60)));
        assertThat(index.fragmentAt(MAIN, T0.plusSeconds(35))).isEmpty();
    }

    @Test
    void keyframeFragmentBeforeTheFirstIsTheFirstKeyframeFragment() {
        List<FragmentEntry> fragments = List.of(new FragmentEntry(900, 0, 10, 1, true),
                new FragmentEntry(1800, 10, 10, 1, false), new FragmentEntry(2700, 20, 10, 1, true));
        assertThat(H2RecordingIndex.keyframeFragmentAt(fragments, 0)).contains(fragments.get(0));
        assertThat(H2RecordingIndex.keyframeFragmentAt(fragments, 2699)).contains(fragments.get(0));
        assertThat(H2RecordingIndex.keyframeFragmentAt(fragments, 2700)).contains(fragments.get(2));
        assertThat(H2RecordingIndex.keyframeFragmentAt(List.of(), 0)).isEmpty();
    }

    @Test
    void segmentWhoseFirstFragmentIsNoKeyframeIsRejected() {
        SegmentSummary s = segment(MAIN, 0, T0, 2, 1);
        SegmentSummary bad = new SegmentSummary(s.start(), s.path(), s.endUtc(), s.mediaDuration90k(), s.bytes(),
                s.frames(), s.sha256(), List.of(new FragmentEntry(0, 0, 10, 1, false)), s.endReason());
        assertThatThrownBy(() -> index.addSegment(bad))
                .isInstanceOf(NvrException.class).hasMessageContaining("first fragment must start with a keyframe");
    }

    @Test
    void nextSequenceCountsPerStreamAndNeverGoesBack() {
        assertThat(index.nextSequence(MAIN)).isZero();
        index.addSegment(segment(MAIN, 0, T0, 60, 1));
        index.addSegment(segment(MAIN, 1, T0.plusSeconds(60), 60, 1));
        index.addSegment(segment(MAIN, 2, T0.plusSeconds(120), 60, 1));
        assertThat(index.nextSequence(MAIN)).isEqualTo(3);
        assertThat(index.nextSequence(SUB)).isZero();
        // A gap creates the stream without using a number.
        index.addGap(SUB, new Gap(T0, T0.plusSeconds(1), GapCause.NETWORK, "timeout"));
        assertThat(index.nextSequence(SUB)).isZero();

        // Deleting the newest segment must not let its number be reused.
        SegmentRow newest = index.segmentByPath(Path.of("cam1/main/2.mp4")).orElseThrow();
        index.markGarbage(newest.id(), "operator");
        assertThat(index.nextSequence(MAIN)).isEqualTo(3);
    }

    @Test
    void duplicateSequenceOrPathIsAFailedPrecondition() {
        index.addSegment(segment(MAIN, 0, T0, 60, 1));
        SegmentSummary again = segment(MAIN, 0, T0.plusSeconds(60), 60, 1);
        assertThatThrownBy(() -> index.addSegment(again))
                .isInstanceOf(NvrException.class)
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.FAILED_PRECONDITION));
        assertThat(index.segments(MAIN, T0, T0.plusSeconds(600))).hasSize(1);
    }

    @Test
    void badHashIsRejectedByTheCheckConstraint() {
        SegmentSummary s = segment(MAIN, 0, T0, 60, 1);
        for (String hash : List.of(Segments.SHA256.toUpperCase(), "abc", Segments.SHA256 + "0")) {
            SegmentSummary bad = new SegmentSummary(s.start(), s.path(), s.endUtc(), s.mediaDuration90k(),
                    s.bytes(), s.frames(), hash, s.fragments(), s.endReason());
            assertThatThrownBy(() -> index.addSegment(bad))
                    .as(hash)
                    .isInstanceOf(NvrException.class)
                    .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        }
        assertThat(index.totalBytes()).isZero();
        // Nothing half-written: no seek index without its segment.
        assertThat(count("SELECT COUNT(*) FROM segment_fragments")).isZero();
    }

    @Test
    void checkConstraintsRejectBadRowsWrittenBehindTheIndexBack() throws SQLException {
        index.addGap(MAIN, new Gap(T0, T0, GapCause.CLOCK, "step"));
        long streamId = count("SELECT id FROM stream");
        String[] bad = {
            // end before start
            segmentSql(streamId, 100, 99, 1, 0, "GAP"),
            // zero bytes
            segmentSql(streamId, 100, 100, 0, 0, "GAP"),
            // negative frames
            segmentSql(streamId, 100, 100, 1, -1, "GAP"),
            // unknown end reason
            segmentSql(streamId, 100, 100, 1, 0, "BORED"),
            // gap ending before it starts, and an unknown cause
            gapSql(streamId, 5, 4, "DISK"),
            gapSql(streamId, 5, 6, "SUN"),
        };
        for (String sql : bad) {
            try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
                assertThatThrownBy(ps::executeUpdate).as(sql).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(SqlErrors.wrap("insert", e).kind()).isEqualTo(Kind.INVALID_ARGUMENT));
            }
        }
        // The same insert with good values passes, so each failure above is the one bad value.
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(segmentSql(streamId, 100, 100, 1, 0, "GAP"))) {
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static String gapSql(long streamId, long start90k, long end90k, String cause) {
        return "INSERT INTO gap (stream_id, start_90k, end_90k, cause, detail) VALUES (" + streamId + ", "
                + start90k + ", " + end90k + ", '" + cause + "', '')";
    }

    private static String segmentSql(long streamId, long start90k, long end90k, long bytes, long frames,
                                     String endReason) {
        return "INSERT INTO segment (stream_id, sequence, start_90k, end_90k, media_duration_90k, start_pts_90k,"
                + " bytes, frames, path, end_reason, sha256, clock_source) VALUES (" + streamId + ", 0, " + start90k
                + ", " + end90k + ", 0, 0, " + bytes + ", " + frames + ", 'a.mp4', '" + endReason + "', '"
                + Segments.SHA256 + "', 'RTCP_SR')";
    }

    @Test
    void spanAndBytesOfACamera() {
        assertThat(index.span("cam1")).isEmpty();
        SegmentSummary a = segment(MAIN, 0, T0, 60, 1);
        SegmentSummary b = segment(SUB, 0, T0.plusSeconds(30), 60, 1);
        SegmentSummary c = segment(OTHER, 0, T0.minusSeconds(600), 10, 1);
        index.addSegment(a);
        index.addSegment(b);
        index.addSegment(c);
        assertThat(index.span("cam1")).contains(new RecordedSpan(T0, T0.plusSeconds(90), a.bytes() + b.bytes(), 2));
        assertThat(index.span("cam2")).contains(new RecordedSpan(T0.minusSeconds(600), T0.minusSeconds(590),
                c.bytes(), 1));
        assertThat(index.bytesByCamera()).containsExactly(
                Map.entry("cam1", a.bytes() + b.bytes()), Map.entry("cam2", c.bytes()));
        assertThat(index.totalBytes()).isEqualTo(a.bytes() + b.bytes() + c.bytes());
        // A camera with only a gap has no recorded span and 0 bytes.
        index.addGap(new StreamKey("cam3", "main"), new Gap(T0, T0.plusSeconds(1), GapCause.NETWORK, "down"));
        assertThat(index.span("cam3")).isEmpty();
        assertThat(index.bytesByCamera()).containsEntry("cam3", 0L);
    }

    @Test
    void retentionQueriesReturnTheOldestFirst() {
        index.addSegment(segment(MAIN, 0, T0.plusSeconds(120), 60, 1));
        index.addSegment(segment(MAIN, 1, T0.plusSeconds(180), 60, 1));
        index.addSegment(segment(SUB, 0, T0, 60, 1));
        index.addSegment(segment(OTHER, 0, T0.plusSeconds(60), 60, 1));

        assertThat(index.oldestSegments(null, 10)).extracting(r -> r.stream() + "#" + r.sequence())
                .containsExactly("cam1/sub#0", "cam2/main#0", "cam1/main#0", "cam1/main#1");
        assertThat(index.oldestSegments(null, 2)).hasSize(2);
        assertThat(index.oldestSegments("cam1", 2)).extracting(r -> r.stream() + "#" + r.sequence())
                .containsExactly("cam1/sub#0", "cam1/main#0");
        // Retention by age selects by start (the oldest footage in a segment), so the cutoff that picks the same
        // three segments as before is T0 + 120 s, not + 180 s: starting at or before it are cam1/sub#0 (starts +0),
        // cam2/main#0 (+60) and cam1/main#0 (+120, exactly at the cutoff); cam1/main#1 (+180) is not.
        assertThat(index.segmentsStartingBefore(null, T0.plusSeconds(120), 10))
                .extracting(r -> r.stream() + "#" + r.sequence())
                .containsExactly("cam1/sub#0", "cam2/main#0", "cam1/main#0");
        assertThat(index.segmentsStartingBefore(null, T0.plusSeconds(120), 2))
                .extracting(r -> r.stream() + "#" + r.sequence()).containsExactly("cam1/sub#0", "cam2/main#0");
        assertThat(index.segmentsStartingBefore("cam1", T0.plusSeconds(120), 10))
                .extracting(r -> r.stream() + "#" + r.sequence()).containsExactly("cam1/sub#0", "cam1/main#0");
        // cam2/main#0 starts at +60: one second before, nothing; at +60 itself, it (the bound is inclusive).
        assertThat(index.segmentsStartingBefore("cam2", T0.plusSeconds(59), 10)).isEmpty();
        assertThat(index.segmentsStartingBefore("cam2", T0.plusSeconds(60), 10))
                .extracting(r -> r.stream() + "#" + r.sequence()).containsExactly("cam2/main#0");
        // A segment that has not ended by the cutoff is selected all the same once it started: cam1/sub#0 runs from
        // +0 to +60 and a cutoff of +30 takes it (under an end-based rule it would have stayed).
        assertThat(index.segmentsStartingBefore(null, T0.plusSeconds(30), 10))
                .extracting(r -> r.stream() + "#" + r.sequence()).containsExactly("cam1/sub#0");
        assertThatThrownBy(() -> index.oldestSegments(null, 0)).isInstanceOf(NvrException.class);
    }

    @Test
    void segmentPagesWalkTheWholeIndex() {
        for (int i = 0; i < 7; i++) {
            index.addSegment(segment(MAIN, i, T0.plusSeconds(60L * i), 60, 1));
        }
        long after = 0;
        int seen = 0;
        for (List<SegmentRow> page = index.segmentsAfterId(after, 3); !page.isEmpty();
             page = index.segmentsAfterId(after, 3)) {
            assertThat(page.size()).isLessThanOrEqualTo(3);
            seen += page.size();
            after = page.get(page.size() - 1).id();
        }
        assertThat(seen).isEqualTo(7);
    }

    @Test
    void garbageProtocolSwapsTheSegmentRowForAGarbageRow() {
        SegmentSummary s = segment(MAIN, 0, T0, 60, 1);
        index.addSegment(s);
        index.addSegment(segment(MAIN, 1, T0.plusSeconds(60), 60, 1));
        SegmentRow row = index.segmentByPath(s.path()).orElseThrow();

        GarbageRow garbage = index.markGarbage(row.id(), "retention: older than 30 days");
        assertThat(garbage).isEqualTo(new GarbageRow(garbage.id(), Path.of("cam1/main/0.mp4"), s.bytes(),
                "retention: older than 30 days", NOW));
        assertThat(index.segmentByPath(s.path())).isEmpty();
        assertThat(index.segments(MAIN, T0, T0.plusSeconds(60))).isEmpty();
        assertThat(index.fragmentAt(MAIN, T0)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM segment_fragments")).isEqualTo(1);
        assertThat(index.totalBytes()).isEqualTo(index.segmentByPath(Path.of("cam1/main/1.mp4")).orElseThrow()
                .bytes());
        assertThat(index.garbage(10)).containsExactly(garbage);

        assertThatThrownBy(() -> index.markGarbage(row.id(), "again"))
                .isInstanceOf(NvrException.class)
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.NOT_FOUND));

        assertThat(index.deleteGarbage(garbage.id())).isTrue();
        assertThat(index.deleteGarbage(garbage.id())).isFalse();
        assertThat(index.garbage(10)).isEmpty();
    }

    @Test
    void absolutePathsAreRejected() {
        SegmentSummary s = segment(MAIN, 0, T0, 60, 1);
        SegmentSummary absolute = new SegmentSummary(s.start(), Path.of("/data/cam1/0.mp4"), s.endUtc(),
                s.mediaDuration90k(), s.bytes(), s.frames(), s.sha256(), s.fragments(), s.endReason());
        assertThatThrownBy(() -> index.addSegment(absolute))
                .isInstanceOf(NvrException.class).hasMessageContaining("relative");
    }

    @Test
    void segmentWithoutFragmentsHasNoSeekPoint() {
        SegmentStart start = new SegmentStart(MAIN, 0, T0, 0, Segments.PARAMETERS, ClockSource.RECEIVE_CLOCK);
        index.addSegment(new SegmentSummary(start, Path.of("cam1/main/0.mp4"), T0.plusSeconds(1), 90_000, 700, 0,
                Segments.SHA256, List.of(), EndReason.WRITE_ERROR));
        assertThat(index.segments(MAIN, T0, T0.plusSeconds(1))).hasSize(1);
        assertThat(index.fragmentAt(MAIN, T0)).isEqualTo(Optional.empty());
    }

    private long fragmentStartSecond(Instant t) {
        return index.fragmentAt(MAIN, t).orElseThrow().fragment().startOffset90k() / 90_000;
    }

    private long count(String sql) {
        try {
            return DatabaseTest.queryLong(db, sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static List<Long> sequences(List<SegmentRow> rows) {
        return rows.stream().map(SegmentRow::sequence).toList();
    }
}
