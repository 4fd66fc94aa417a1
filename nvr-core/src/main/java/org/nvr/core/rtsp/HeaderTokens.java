package org.nvr.core.rtsp;

import java.util.ArrayList;
import java.util.List;
import org.nvr.core.model.MalformedInputException;

/** Small helpers for RTSP header values (RFC 2326 §15 grammar, shared with HTTP/1.1). */
final class HeaderTokens {

    private HeaderTokens() {
    }

    /**
     * Splits {@code value} at {@code separator} outside double quotes (a backslash escapes the next character
     * inside quotes), trimming each part and dropping empty ones.
     *
     * @throws MalformedInputException on an unterminated quoted string or more than {@code maxParts} parts
     */
    static List<String> splitOutsideQuotes(String value, char separator, int maxParts, String what) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : separator;
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                String part = value.substring(start, Math.min(i, value.length())).strip();
                if (!part.isEmpty()) {
                    if (parts.size() == maxParts) {
                        throw new MalformedInputException(what + " has more than " + maxParts + " parts");
                    }
                    parts.add(part);
                }
                start = i + 1;
            }
        }
        if (quoted) {
            throw new MalformedInputException(what + " has an unterminated quoted string");
        }
        return parts;
    }

    /** Removes surrounding double quotes and backslash escapes, if the value is quoted. */
    static String unquote(String value) {
        String v = value.strip();
        if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                c = v.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A header value cut and made printable for an error message. */
    static String printable(String s, int maxChars) {
        String cut = s.length() > maxChars ? s.substring(0, maxChars) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
