package org.nvr.core.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.record.StreamKey;

/**
 * The export routes' parameters: camera id from the path, {@code stream} (default {@code main}), {@code start}
 * and {@code end} from the query. Every error names the parameter.
 */
final class ExportQuery {
    /** Same rule as {@link StreamKey}: checked here first so that the message names the parameter. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final String DEFAULT_STREAM = "main";

    private ExportQuery() {
    }

    /** The export the request asks for; IllegalArgumentException naming the bad parameter. */
    static ExportRequest parse(AdminRequest request) {
        String camera = request.pathParam("id");
        if (!NAME.matcher(camera).matches()) {
            throw new IllegalArgumentException("camera id in the path must be 1 to 64 of [a-z0-9_-], starting"
                    + " with a letter or digit");
        }
        String stream = request.queryParam("stream").orElse(DEFAULT_STREAM);
        if (!NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("query parameter 'stream' must be 1 to 64 of [a-z0-9_-], starting"
                    + " with a letter or digit");
        }
        Instant start = TimeParameter.parse("start", request.requiredQueryParam("start"));
        Instant end = TimeParameter.parse("end", request.requiredQueryParam("end"));
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("query parameter 'end' (" + end + ") must be after 'start' ("
                    + start + ")");
        }
        if (Duration.between(start, end).compareTo(ExportRequest.MAX_SPAN) > 0) {
            throw new IllegalArgumentException("query parameters 'start' to 'end' span more than "
                    + ExportRequest.MAX_SPAN.toHours() + " h; export longer ranges in pieces");
        }
        return new ExportRequest(new StreamKey(camera, stream), start, end);
    }
}
