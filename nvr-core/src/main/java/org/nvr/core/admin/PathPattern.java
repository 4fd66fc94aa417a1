package org.nvr.core.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A path such as {@code /api/v1/cameras/{id}/export.mp4}: literal segments and named {@code {name}} segments,
 * each matching exactly one whole decoded segment.
 */
public final class PathPattern {
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Pattern PARAM = Pattern.compile("\\{[a-zA-Z][a-zA-Z0-9]*}");

    private final String text;
    private final List<String> segments;
    private final int literalCount;

    private PathPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
        int literals = 0;
        for (String segment : segments) {
            if (!isParam(segment)) {
                literals++;
            }
        }
        this.literalCount = literals;
    }

    /**
     * Parses a pattern: {@code /} followed by segments of unreserved characters (RFC 3986 §2.3) or {@code
     * {name}}, names unique.
     */
    public static PathPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("path pattern '" + text + "' must start with /");
        }
        List<String> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!text.equals("/")) {
            for (String segment : text.substring(1).split("/", -1)) {
                if (PARAM.matcher(segment).matches()) {
                    String name = segment.substring(1, segment.length() - 1);
                    if (names.contains(name)) {
                        throw new IllegalArgumentException("path pattern '" + text + "' repeats {" + name + "}");
                    }
                    names.add(name);
                } else if (!LITERAL.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("path pattern '" + text + "' has a bad segment '"
                            + segment + "'");
                }
                segments.add(segment);
            }
        }
        return new PathPattern(text, Collections.unmodifiableList(segments));
    }

    /**
     * Matches decoded path segments; the values of the named segments if they match. A named segment matches any
     * non-empty value: the handler validates it.
     */
    Optional<Map<String, String>> match(List<String> decodedSegments) {
        if (decodedSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            String value = decodedSegments.get(i);
            if (isParam(segment)) {
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 1), value);
            } else if (!segment.equals(value)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** How many literal segments: the more, the more specific (a literal wins over a named segment). */
    int literalCount() {
        return literalCount;
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern that && that.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as written; also the {@code route} tag of request metrics. */
    @Override
    public String toString() {
        return text;
    }
}
