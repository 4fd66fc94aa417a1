package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.nvr.cli.camera.CameraService;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.core.model.Gap;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.index.H2RecordingIndex;

/**
 * {@code GET /api/v1/cameras/{id}/recordings?from=&to=[&stream=main]} (viewers): the segments and gaps of one
 * stream overlapping {@code [from, to)}, and the camera's whole recorded span. Listing is not video, so it is not
 * audited (playing and exporting are).
 *
 * <p>Bounded: {@code to - from} at most {@link #MAX_RANGE}, and at most {@link #MAX_ITEMS} segments and as many gaps
 * per answer. The index is read in {@link #WINDOW} slices, in time order, so that a long range of a camera with
 * many short segments never loads more than one slice beyond the bound; past the bound the answer says
 * {@code "truncated": true} and the client asks again from the last segment's end.
 */
public final class RecordingRoutes {
    static final String PATH = "/api/v1/cameras/{id}/recordings";
    /** Longest range per request. */
    static final Duration MAX_RANGE = Duration.ofDays(31);
    /** Most segments (and most gaps) per answer. */
    static final int MAX_ITEMS = 10_000;
    /** How much of the range one index query covers: 2 160 segments at the shortest segment duration (10 s). */
    static final Duration WINDOW = Duration.ofHours(6);
    static final String DEFAULT_STREAM = "main";
    /** Camera ids and stream names, as {@link StreamKey} has them: checked first so that messages name the part. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final H2RecordingIndex index;
    private final Predicate<String> configured;
    private final AdminJson json;

    /**
     * @param index   the recording index
     * @param cameras the cameras (a camera removed with its footage kept is still found in the index)
     * @param json    the admin endpoint's JSON writer
     */
    public RecordingRoutes(H2RecordingIndex index, CameraService cameras, AdminJson json) {
        this(index, id -> cameras.list().stream().anyMatch(c -> c.id().equals(id)), json);
        Objects.requireNonNull(cameras, "cameras");
    }

    /** With the configured cameras known otherwise (tests). */
    RecordingRoutes(H2RecordingIndex index, Predicate<String> configured, AdminJson json) {
        this.index = Objects.requireNonNull(index, "index");
        this.configured = Objects.requireNonNull(configured, "configured");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(Route.secured(HttpMethod.GET, PATH, Role.VIEWER, this::list));
    }

    /**
     * One segment.
     *
     * @param id          index id
     * @param start       wall-clock start (ISO-8601 UTC)
     * @param end         wall-clock end
     * @param frames      access units
     * @param bytes       file size
     * @param endReason   DURATION, GAP, PARAMETERS_CHANGED, STOPPED, WRITE_ERROR
     * @param sha256      hex SHA-256 of the file as closed
     * @param clockSource how the start time was obtained (RTCP_SR, RECEIVE_CLOCK)
     */
    record SegmentView(long id, String start, String end, long frames, long bytes, String endReason, String sha256,
                       String clockSource) {
        static SegmentView of(SegmentRow s) {
            return new SegmentView(s.id(), s.startUtc().toString(), s.endUtc().toString(), s.frames(), s.bytes(),
                    s.endReason().name(), s.sha256(), s.clockSource() == null ? null : s.clockSource().name());
        }
    }

    /** One gap: no video in {@code [start, end)} for {@code cause} (CAMERA, NETWORK, DISK, RESTART, CLOCK). */
    record GapView(String start, String end, String cause, String detail) {
        static GapView of(Gap g) {
            return new GapView(g.start().toString(), g.end().toString(), g.cause().name(), g.detail());
        }
    }

    /** Everything the camera has on disk, every stream: first and last instant, bytes, segments. */
    record SpanView(String first, String last, long bytes, long segments) {
        static SpanView of(RecordedSpan s) {
            return new SpanView(s.first().toString(), s.last().toString(), s.bytes(), s.segments());
        }
    }

    /** The answer; {@code span} is null (left out) when the camera has no recordings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecordingList(List<SegmentView> segments, List<GapView> gaps, SpanView span, boolean truncated) {
    }

    private AdminResponse list(AdminRequest request) {
        String camera = request.pathParam("id");
        if (!NAME.matcher(camera).matches()) {
            throw new IllegalArgumentException("camera id in the path must be 1 to 64 of [a-z0-9_-], starting"
                    + " with a letter or digit");
        }
        String streamName = request.queryParam("stream").orElse(DEFAULT_STREAM);
        if (!NAME.matcher(streamName).matches()) {
            throw new IllegalArgumentException("query parameter 'stream' must be 1 to 64 of [a-z0-9_-], starting"
                    + " with a letter or digit");
        }
        Instant from = QueryParams.requiredTime(request, "from");
        Instant to = QueryParams.requiredTime(request, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("query parameter 'to' (" + to + ") must be after 'from' (" + from
                    + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("query parameters 'from' to 'to' span more than "
                    + MAX_RANGE.toDays() + " days; ask for longer ranges in pieces");
        }
        if (!configured.test(camera) && !index.cameras().contains(camera)) {
            throw new NvrException(NvrException.Kind.NOT_FOUND, "no camera '" + camera + "'");
        }
        StreamKey stream = new StreamKey(camera, streamName);
        List<SegmentView> segments = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        // Insertion-ordered: a gap longer than a window comes back from each window it overlaps.
        Set<Gap> gaps = new LinkedHashSet<>();
        boolean truncated = false;
        for (Instant start = from; start.isBefore(to) && !truncated; start = start.plus(WINDOW)) {
            Instant end = min(start.plus(WINDOW), to);
            for (SegmentRow row : index.segments(stream, start, end)) {
                // A segment across a window edge comes back from both windows.
                if (seen.add(row.id())) {
                    if (segments.size() == MAX_ITEMS) {
                        truncated = true;
                        break;
                    }
                    segments.add(SegmentView.of(row));
                }
            }
            for (Gap gap : index.gaps(stream, start, end)) {
                if (!gaps.contains(gap)) {
                    if (gaps.size() == MAX_ITEMS) {
                        truncated = true;
                        break;
                    }
                    gaps.add(gap);
                }
            }
        }
        SpanView span = index.span(camera).map(SpanView::of).orElse(null);
        return json.ok(new RecordingList(segments, gaps.stream().map(GapView::of).toList(), span, truncated));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
