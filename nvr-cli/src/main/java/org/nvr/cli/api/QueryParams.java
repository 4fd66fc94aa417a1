package org.nvr.cli.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.nvr.core.admin.AdminRequest;

/**
 * Reads query parameters so that every refusal names the parameter (docs/api.md: a bad request says what was
 * wrong) and never echoes a long value back.
 */
final class QueryParams {
    /** Longest time text accepted: an ISO-8601 instant with nanoseconds is 30 characters. */
    private static final int MAX_TIME_CHARS = 64;

    private QueryParams() {
    }

    /** The parameter, if given, at most {@code maxChars} characters. */
    static Optional<String> text(AdminRequest request, String name, int maxChars) {
        Optional<String> value = request.queryParam(name);
        if (value.isPresent() && (value.get().isEmpty() || value.get().length() > maxChars)) {
            throw new IllegalArgumentException("query parameter '" + name + "' must be 1 to " + maxChars
                    + " characters");
        }
        return value;
    }

    /** An ISO-8601 instant ({@code 2026-11-24T10:15:00Z}), if given. */
    static Optional<Instant> time(AdminRequest request, String name) {
        Optional<String> value = request.queryParam(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().length() <= MAX_TIME_CHARS) {
            try {
                return Optional.of(Instant.parse(value.get()));
            } catch (DateTimeException e) {
                // Falls through to the message naming the parameter.
            }
        }
        throw new IllegalArgumentException("query parameter '" + name + "' must be an ISO-8601 instant such as"
                + " 2026-11-24T10:15:00Z");
    }

    /** A required ISO-8601 instant. */
    static Instant requiredTime(AdminRequest request, String name) {
        return time(request, name).orElseThrow(
                () -> new IllegalArgumentException("missing query parameter '" + name + "'"));
    }

    /** An integer in {@code min..max}, {@code fallback} when absent. */
    static int integer(AdminRequest request, String name, int min, int max, int fallback) {
        Optional<String> value = request.queryParam(name);
        if (value.isEmpty()) {
            return fallback;
        }
        // An int has at most 11 characters (sign and 10 digits): longer text is refused before parsing.
        if (value.get().length() <= 11) {
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Falls through to the message naming the parameter.
            }
        }
        throw new IllegalArgumentException("query parameter '" + name + "' must be an integer in " + min + ".."
                + max);
    }
}
