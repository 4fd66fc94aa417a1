package org.nvr.core.admin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a time query parameter: an ISO-8601 instant ({@code 2026-11-24T10:15:00Z}, fractional seconds
 * allowed) or the RTSP clock form ({@code 20261124T101500Z}, RFC 2326 §3.7 utc-time, with an optional
 * fraction), so that the same times work for RTSP playback and HTTP export.
 */
final class TimeParameter {
    /** RFC 2326 §3.7: utc-date "T" utc-time "Z", utc-time = HHMMSS[.fraction]. */
    private static final Pattern CLOCK =
            Pattern.compile("(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(?:\\.(\\d{1,9}))?Z");
    private static final int MAX_CHARS = 64;

    private TimeParameter() {
    }

    /**
     * @param name  the parameter's name, for the error message
     * @param value its value
     * @throws IllegalArgumentException naming the parameter if the value is neither form
     */
    static Instant parse(String name, String value) {
        if (value.length() <= MAX_CHARS) {
            Matcher clock = CLOCK.matcher(value);
            try {
                if (clock.matches()) {
                    LocalDateTime time = LocalDateTime.of(Integer.parseInt(clock.group(1)),
                            Integer.parseInt(clock.group(2)), Integer.parseInt(clock.group(3)),
                            Integer.parseInt(clock.group(4)), Integer.parseInt(clock.group(5)),
                            Integer.parseInt(clock.group(6)), nanos(clock.group(7)));
                    return time.toInstant(ZoneOffset.UTC);
                }
                return Instant.parse(value);
            } catch (DateTimeException e) {
                // Falls through to the message naming the parameter.
            }
        }
        throw new IllegalArgumentException("query parameter '" + name + "' must be an ISO-8601 instant such as"
                + " 2026-11-24T10:15:00Z or an RTSP clock time such as 20261124T101500Z");
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        StringBuilder digits = new StringBuilder(fraction);
        while (digits.length() < 9) {
            digits.append('0');
        }
        return Integer.parseInt(digits.toString());
    }
}
