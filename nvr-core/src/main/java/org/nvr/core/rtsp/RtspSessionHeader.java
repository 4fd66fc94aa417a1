package org.nvr.core.rtsp;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.model.MalformedInputException;

/**
 * The RTSP {@code Session} header (RFC 2326 §12.37): {@code session-id [";" "timeout" "=" delta-seconds]}.
 *
 * @param id      the session identifier, 1..{@value #MAX_ID_CHARS} visible ASCII characters other than
 *                {@code ;}, {@code ,} and {@code "} (RFC 2326 §3.4 allows letters, digits and {@code $-_.+};
 *                GStreamer sends {@code Y9d-dLRVzfGOu+4+}, Axis {@code Q5RTb$uZab-mP35F})
 * @param timeout the server's session timeout, when it sent one
 */
public record RtspSessionHeader(String id, Optional<Duration> timeout) {

    /** RFC 2326 §12.37: the timeout when the server gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Longest session id accepted; real ones are 8 to 32 characters. */
    public static final int MAX_ID_CHARS = 128;
    private static final long MAX_TIMEOUT_SECONDS = 24 * 3600;

    public RtspSessionHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timeout, "timeout");
        if (id.isEmpty() || id.length() > MAX_ID_CHARS || !id.chars().allMatch(RtspSessionHeader::isIdChar)) {
            throw new IllegalArgumentException("session id '" + HeaderTokens.printable(id, 40) + "' is empty,"
                    + " longer than " + MAX_ID_CHARS + " or has characters outside visible ASCII");
        }
        if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
            throw new IllegalArgumentException("timeout " + timeout.get() + " is not positive");
        }
    }

    /**
     * Parses a {@code Session} header value such as {@code 12345678;timeout=60} or {@code d658963bcef11984}.
     * Whitespace around {@code ;} and {@code =} is tolerated; unknown parameters are ignored.
     *
     * @throws MalformedInputException if the id is empty, too long or has bad characters, or the timeout is not
     *                                 a whole number of seconds in 1..86400
     */
    public static RtspSessionHeader parse(String header) {
        Objects.requireNonNull(header, "header");
        String[] parts = header.split(";", 8);
        String id = parts[0].strip();
        if (id.isEmpty() || id.length() > MAX_ID_CHARS || !id.chars().allMatch(RtspSessionHeader::isIdChar)) {
            throw new MalformedInputException("Session '" + HeaderTokens.printable(header, 60) + "': id is empty,"
                    + " longer than " + MAX_ID_CHARS + " or has characters outside visible ASCII");
        }
        Optional<Duration> timeout = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0 || !parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("timeout")) {
                continue;
            }
            String value = parts[i].substring(eq + 1).strip();
            if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Long.parseLong(value) < 1 || Long.parseLong(value) > MAX_TIMEOUT_SECONDS) {
                throw new MalformedInputException("Session '" + HeaderTokens.printable(header, 60)
                        + "': timeout '" + HeaderTokens.printable(value, 20) + "' is not 1.." + MAX_TIMEOUT_SECONDS
                        + " seconds");
            }
            timeout = Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        return new RtspSessionHeader(id, timeout);
    }

    /** The timeout, or the RFC 2326 default of 60 s when the server sent none. */
    public Duration timeoutOrDefault() {
        return timeout.orElse(DEFAULT_TIMEOUT);
    }

    /** The header value: {@code id} or {@code id;timeout=N}. */
    public String format() {
        return timeout.map(t -> id + ";timeout=" + t.toSeconds()).orElse(id);
    }

    private static boolean isIdChar(int c) {
        return c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"';
    }
}
