package org.nvr.core.rtsp.server;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nvr.core.model.MalformedInputException;

/**
 * A PLAY request's {@code Range} (RFC 2326 §12.29) in the two forms the server understands: absolute time
 * {@code clock=20261124T101500Z-} or {@code clock=20261124T101500.250Z-20261124T101600Z} (§3.7), and normal
 * play time {@code npt=12.5-}, {@code npt=0:01:02.5-} or {@code npt=now-} (§3.6).
 *
 * @param clockStart  the absolute start, for {@code clock=}
 * @param nptStart    the start relative to the session's recorded start, for {@code npt=} other than {@code now}
 * @param end         the absolute end (for {@code clock=}) when given
 * @param now         {@code npt=now-}: live
 */
record RangeHeader(Optional<Instant> clockStart, Optional<Duration> nptStart, Optional<Instant> end, boolean now) {

    private static final int MAX_CHARS = 128;
    private static final Pattern CLOCK = Pattern.compile("(\\d{8}T\\d{6})(?:\\.(\\d{1,9}))?Z");
    private static final Pattern NPT_SECONDS = Pattern.compile("(\\d{1,9})(?:\\.(\\d{0,9}))?");
    private static final Pattern NPT_HHMMSS = Pattern.compile("(\\d{1,6}):([0-5]\\d):([0-5]\\d)(?:\\.(\\d{0,9}))?");
    private static final DateTimeFormatter CLOCK_FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);

    RangeHeader {
        Objects.requireNonNull(clockStart, "clockStart");
        Objects.requireNonNull(nptStart, "nptStart");
        Objects.requireNonNull(end, "end");
    }

    /** Whether this range asks for recorded video at an absolute time. */
    boolean absolute() {
        return clockStart.isPresent();
    }

    /**
     * Parses a {@code Range} value; a {@code ;time=} parameter (§12.29: when to start) is ignored.
     *
     * @throws MalformedInputException with a reason fit for a 457 reason phrase
     */
    static RangeHeader parse(String header) {
        Objects.requireNonNull(header, "header");
        if (header.length() > MAX_CHARS) {
            throw new MalformedInputException("Range longer than " + MAX_CHARS + " characters");
        }
        String value = header.strip();
        int semicolon = value.indexOf(';');
        if (semicolon >= 0) {
            value = value.substring(0, semicolon).strip();
        }
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new MalformedInputException("Range has no unit (clock= or npt=)");
        }
        String unit = value.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String spec = value.substring(eq + 1).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new MalformedInputException("Range has no '-'");
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (unit.equals("clock")) {
            Instant start = clock(from);
            Optional<Instant> end = to.isEmpty() ? Optional.empty() : Optional.of(clock(to));
            if (end.isPresent() && !end.get().isAfter(start)) {
                throw new MalformedInputException("Range end is not after its start");
            }
            return new RangeHeader(Optional.of(start), Optional.empty(), end, false);
        }
        if (unit.equals("npt")) {
            if (from.equalsIgnoreCase("now")) {
                return new RangeHeader(Optional.empty(), Optional.empty(), Optional.empty(), true);
            }
            // An npt end is ignored: without a known start it could only be relative to a start we may not know.
            return new RangeHeader(Optional.empty(), Optional.of(npt(from)), Optional.empty(), false);
        }
        throw new MalformedInputException("Range unit '" + printable(unit) + "' not supported (clock or npt)");
    }

    /** RFC 2326 §3.7 {@code utc-time}: {@code YYYYMMDDThhmmss[.fraction]Z}. */
    static Instant clock(String text) {
        Matcher m = CLOCK.matcher(text);
        if (!m.matches()) {
            throw new MalformedInputException("clock time '" + printable(text) + "' is not YYYYMMDDThhmmss[.f]Z");
        }
        try {
            Instant whole = LocalDateTime.parse(m.group(1), CLOCK_FORMAT).toInstant(ZoneOffset.UTC);
            return whole.plusNanos(fractionNanos(m.group(2)));
        } catch (DateTimeParseException e) {
            throw new MalformedInputException("clock time '" + printable(text) + "' is not a valid date");
        }
    }

    /** A {@code ?start=} query value: ISO-8601 ({@code 2026-11-24T10:15:00Z}) or the clock form. */
    static Instant startParameter(String text) {
        if (text.length() <= 40 && text.contains("-")) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new MalformedInputException("start '" + printable(text) + "' is not an ISO-8601 instant");
            }
        }
        return clock(text);
    }

    /** The clock form of an instant, as a PLAY reply's {@code Range} gives the actual start. */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        String base = t.format(CLOCK_FORMAT);
        int millis = instant.getNano() / 1_000_000;
        return millis == 0 ? base + "Z" : base + String.format(Locale.ROOT, ".%03dZ", millis);
    }

    private static Duration npt(String text) {
        Matcher seconds = NPT_SECONDS.matcher(text);
        if (seconds.matches()) {
            return Duration.ofSeconds(Long.parseLong(seconds.group(1))).plusNanos(fractionNanos(seconds.group(2)));
        }
        Matcher hms = NPT_HHMMSS.matcher(text);
        if (hms.matches()) {
            return Duration.ofHours(Long.parseLong(hms.group(1))).plusMinutes(Long.parseLong(hms.group(2)))
                    .plusSeconds(Long.parseLong(hms.group(3))).plusNanos(fractionNanos(hms.group(4)));
        }
        throw new MalformedInputException("npt time '" + printable(text) + "' is not seconds or h:mm:ss");
    }

    private static long fractionNanos(String digits) {
        if (digits == null || digits.isEmpty()) {
            return 0;
        }
        StringBuilder padded = new StringBuilder(digits);
        while (padded.length() < 9) {
            padded.append('0');
        }
        return Long.parseLong(padded.toString());
    }

    /** For reason phrases: printable ASCII only, short. */
    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
