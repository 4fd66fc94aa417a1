package org.nvr.core.rtsp.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.record.StreamKey;

/**
 * What a request URL names: {@code rtsp://host:port/<camera>[/<stream>][?start=<time>][/trackID=0]}. The
 * stream defaults to {@code main}. Names must match {@link StreamKey}'s pattern exactly: nothing is
 * percent-decoded, so {@code ..}, {@code %2e} and extra segments name nothing (404).
 *
 * <p>The track suffix may follow the query because clients append the SDP's {@code a=control} to the
 * Content-Base as text (ffmpeg, and {@code RtspUrls.resolveControl}).
 *
 * @param key   the camera stream
 * @param track true when the URL is the media's control URL ({@value #TRACK}), false for the aggregate one
 * @param start the {@code start} query parameter: recorded playback from that time
 */
record RequestTarget(StreamKey key, boolean track, Optional<Instant> start) {

    /** The media's control name in the SDP. */
    static final String TRACK = "trackID=0";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_URI_CHARS = 1024;

    RequestTarget {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(start, "start");
    }

    /**
     * @return empty when the path names no camera stream (404)
     * @throws MalformedInputException when the {@code start} parameter is not a time (400)
     */
    static Optional<RequestTarget> parse(String uri) {
        if (uri == null || uri.length() > MAX_URI_CHARS) {
            return Optional.empty();
        }
        String rest = uri;
        if (rest.regionMatches(true, 0, "rtsp://", 0, 7)) {
            int slash = rest.indexOf('/', 7);
            if (slash < 0) {
                return Optional.empty();
            }
            rest = rest.substring(slash);
        }
        if (!rest.startsWith("/")) {
            return Optional.empty();
        }
        boolean track = false;
        if (rest.endsWith(TRACK)) {
            track = true;
            rest = rest.substring(0, rest.length() - TRACK.length());
            if (!rest.endsWith("/")) {
                return Optional.empty();
            }
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        Optional<Instant> start = Optional.empty();
        int question = rest.indexOf('?');
        if (question >= 0) {
            start = startOf(rest.substring(question + 1));
            rest = rest.substring(0, question);
        }
        if (rest.length() < 2) {
            return Optional.empty();
        }
        String[] segments = rest.substring(1).split("/", -1);
        if (segments.length < 1 || segments.length > 2) {
            return Optional.empty();
        }
        for (String segment : segments) {
            if (!NAME.matcher(segment).matches()) {
                return Optional.empty();
            }
        }
        StreamKey key = new StreamKey(segments[0], segments.length == 2 ? segments[1] : "main");
        return Optional.of(new RequestTarget(key, track, start));
    }

    private static Optional<Instant> startOf(String query) {
        Optional<Instant> start = Optional.empty();
        for (String parameter : query.split("&", 8)) {
            if (parameter.startsWith("start=")) {
                start = Optional.of(RangeHeader.startParameter(parameter.substring(6)));
            }
        }
        return start;
    }
}
