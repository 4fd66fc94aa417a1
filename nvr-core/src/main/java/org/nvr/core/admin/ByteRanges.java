package org.nvr.core.admin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code Range} header against a representation's length (RFC 9110 §14.1.2, §14.2). One range is served
 * as asked; several are served as the whole representation, which §14.2 allows ("A server MAY ignore the Range
 * header field") and which spares us multipart/byteranges.
 */
final class ByteRanges {
    /** {@code bytes=first-[last]} or {@code bytes=-suffix}; the unit is case-insensitive (§14.1). */
    private static final Pattern SINGLE = Pattern.compile("(?i)bytes[ \\t]*=[ \\t]*(\\d{0,18})-(\\d{0,18})[ \\t]*");

    private ByteRanges() {
    }

    /**
     * What to serve of a representation of {@code length} bytes.
     *
     * @param range the Range header, or null if absent
     */
    static RangeSelection select(String range, long length) {
        if (range == null) {
            return new RangeSelection.Whole();
        }
        Matcher single = SINGLE.matcher(range);
        if (!single.matches()) {
            // Several ranges, another unit, or syntax we do not understand: §14.2 lets us ignore the header.
            return new RangeSelection.Whole();
        }
        String first = single.group(1);
        String last = single.group(2);
        if (first.isEmpty() && last.isEmpty()) {
            return new RangeSelection.Whole();
        }
        if (first.isEmpty()) {
            // §14.1.2 suffix-range: the last N bytes; all of them if N exceeds the length; none if N is 0.
            long suffix = Long.parseLong(last);
            if (suffix == 0 || length == 0) {
                return new RangeSelection.Unsatisfiable();
            }
            return new RangeSelection.Slice(Math.max(0, length - suffix), length - 1);
        }
        long from = Long.parseLong(first);
        if (!last.isEmpty() && Long.parseLong(last) < from) {
            // §14.1.1: last-pos less than first-pos makes the range-spec invalid; an invalid header is ignored.
            return new RangeSelection.Whole();
        }
        if (from >= length) {
            return new RangeSelection.Unsatisfiable();
        }
        // §14.1.2: a last-pos at or past the end means "to the end".
        long to = last.isEmpty() ? length - 1 : Math.min(Long.parseLong(last), length - 1);
        return new RangeSelection.Slice(from, to);
    }
}
