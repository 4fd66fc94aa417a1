package org.nvr.storage.segment;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little JSON the WebDriver client needs (RFC 8259), since the build has no JSON library for tests: quoting
 * strings for request bodies, and reading one top-level string member of a response.
 */
final class Json {
    private static final Pattern HEX4 = Pattern.compile("[0-9a-fA-F]{4}");

    private Json() {
    }

    /** {@code text} as a JSON string literal (RFC 8259 §7). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A JSON array of strings. */
    static String array(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ",").append(quote(items.get(i)));
        }
        return out.append(']').toString();
    }

    /**
     * The string value of the first member named {@code name}, or null when it is JSON {@code null} or absent.
     *
     * @throws IllegalArgumentException when the member is neither a string nor null, or the string is malformed
     */
    static String stringMember(String json, String name) {
        Matcher matcher = Pattern.compile(Pattern.quote(quote(name)) + "\\s*:\\s*").matcher(json);
        if (!matcher.find()) {
            return null;
        }
        int at = matcher.end();
        if (json.startsWith("null", at)) {
            return null;
        }
        if (at >= json.length() || json.charAt(at) != '"') {
            throw new IllegalArgumentException("member " + name + " is not a string at " + at + ": " + json);
        }
        return unquote(json, at);
    }

    /** Decodes the string literal starting at {@code json[start] == '"'} (RFC 8259 §7 escapes). */
    private static String unquote(String json, int start) {
        StringBuilder out = new StringBuilder();
        for (int i = start + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= json.length()) {
                break;
            }
            char escape = json.charAt(i);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 >= json.length() || !HEX4.matcher(json.substring(i + 1, i + 5)).matches()) {
                        throw new IllegalArgumentException("truncated \\u escape at " + i + ": " + json);
                    }
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + escape + " at " + i + ": " + json);
            }
        }
        throw new IllegalArgumentException("unterminated string at " + start + ": " + json);
    }
}
