package org.nvr.core.export;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.nvr.core.record.StreamKey;

/** An export of one stream between two wall-clock times (end exclusive), at most {@link #MAX_SPAN} long. */
public record ExportRequest(StreamKey stream, Instant start, Instant end) {
    /** One export covers at most a day: longer evidence is exported in pieces, each with its own manifest. */
    public static final Duration MAX_SPAN = Duration.ofHours(24);

    public ExportRequest {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("export end " + end + " must be after start " + start);
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("export range " + start + " to " + end + " is longer than "
                    + MAX_SPAN.toHours() + " h");
        }
    }
}
