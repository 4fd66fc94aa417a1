package org.nvr.storage.segment;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.StreamKey;

/**
 * Where segment files live under the storage root:
 * {@code <cameraId>/<yyyy>/<mm>/<dd>/<yyyyMMdd'T'HHmmss.SSS'Z'>-<stream>-<sequence>.mp4}, all in UTC, so that a
 * directory listing sorts by time and a file can be indexed from its path and metadata alone (DESIGN.md, "Segment
 * files").
 */
public final class SegmentPaths {
    /** The file name's time: basic ISO 8601 to the millisecond, UTC. */
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern NAME_PART = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Stream names may hold '-', the sequence cannot: the stream is everything up to the last '-'. */
    private static final Pattern FILE_NAME = Pattern.compile(
            "(\\d{8}T\\d{6}\\.\\d{3}Z)-([a-z0-9][a-z0-9_-]{0,63})-(0|[1-9]\\d{0,17})\\.mp4");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{2}");
    private static final int ELEMENTS = 5;
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant AFTER_LAST = Instant.parse("+10000-01-01T00:00:00Z");

    private SegmentPaths() {
    }

    /**
     * The path of a new segment relative to the storage root.
     *
     * @throws IllegalArgumentException if the start lies outside years 0000..9999 (a four-digit year directory)
     */
    public static Path relativePath(SegmentStart start) {
        Instant t = start.startUtc();
        if (t.isBefore(FIRST) || !t.isBefore(AFTER_LAST)) {
            throw new IllegalArgumentException("segment start outside years 0000..9999: " + t);
        }
        LocalDateTime utc = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        StreamKey stream = start.stream();
        String name = NAME_TIME.format(t) + "-" + stream.streamName() + "-" + start.sequence() + ".mp4";
        return Path.of(stream.cameraId(), "%04d".formatted(utc.getYear()), "%02d".formatted(utc.getMonthValue()),
                "%02d".formatted(utc.getDayOfMonth()), name);
    }

    /**
     * Reads a path made by {@link #relativePath}. Anything else is rejected: absolute paths, {@code .} or
     * {@code ..} elements, other depths, names that are not canonical (leading zeros, upper case, other
     * extensions), and date directories that disagree with the file name's time.
     */
    public static Optional<SegmentPathParts> parse(Path relative) {
        if (relative == null || relative.isAbsolute() || relative.getRoot() != null
                || relative.getNameCount() != ELEMENTS) {
            return Optional.empty();
        }
        String camera = relative.getName(0).toString();
        String year = relative.getName(1).toString();
        String month = relative.getName(2).toString();
        String day = relative.getName(3).toString();
        Matcher name = FILE_NAME.matcher(relative.getName(4).toString());
        if (!NAME_PART.matcher(camera).matches() || !YEAR.matcher(year).matches()
                || !TWO_DIGITS.matcher(month).matches() || !TWO_DIGITS.matcher(day).matches() || !name.matches()) {
            return Optional.empty();
        }
        String time = name.group(1);
        if (!time.startsWith(year + month + day)) {
            return Optional.empty();
        }
        try {
            Instant start = Instant.from(NAME_TIME.parse(time));
            long sequence = Long.parseLong(name.group(3));
            return Optional.of(new SegmentPathParts(new StreamKey(camera, name.group(2)), start, sequence));
        } catch (DateTimeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The start time as the file name holds it: truncated to the millisecond. */
    static Instant nameTime(Instant startUtc) {
        return startUtc.truncatedTo(ChronoUnit.MILLIS);
    }
}
