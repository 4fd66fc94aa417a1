package org.nvr.core.admin;

/** Which bytes of a representation a request asked for (RFC 9110 §14). */
sealed interface RangeSelection permits RangeSelection.Whole, RangeSelection.Slice, RangeSelection.Unsatisfiable {
    /** All of it: no Range, a Range we ignore (several ranges, another unit, bad syntax), or a stale If-Range. */
    record Whole() implements RangeSelection {
    }

    /** Bytes {@code first} to {@code last} inclusive, within the representation (206). */
    record Slice(long first, long last) implements RangeSelection {
        public Slice {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad slice " + first + "-" + last);
            }
        }

        long length() {
            return last - first + 1;
        }
    }

    /** Nothing the request asked for exists (416 with {@code Content-Range: bytes *}{@code /length}). */
    record Unsatisfiable() implements RangeSelection {
    }
}
