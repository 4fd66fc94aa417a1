package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Range header examples from RFC 9110 §14.1.2, against a 10 000-byte representation like the RFC's. */
class ByteRangesTest {
    private static final long LENGTH = 10_000;

    @Test
    void singleRangesFromTheRfc() {
        // "The first 500 bytes (byte offsets 0-499, inclusive)"
        assertThat(ByteRanges.select("bytes=0-499", LENGTH)).isEqualTo(new RangeSelection.Slice(0, 499));
        // "The second 500 bytes"
        assertThat(ByteRanges.select("bytes=500-999", LENGTH)).isEqualTo(new RangeSelection.Slice(500, 999));
        // "The final 500 bytes": suffix form, and the open-ended form
        assertThat(ByteRanges.select("bytes=-500", LENGTH)).isEqualTo(new RangeSelection.Slice(9500, 9999));
        assertThat(ByteRanges.select("bytes=9500-", LENGTH)).isEqualTo(new RangeSelection.Slice(9500, 9999));
        // The unit is case-insensitive.
        assertThat(ByteRanges.select("Bytes=0-0", LENGTH)).isEqualTo(new RangeSelection.Slice(0, 0));
    }

    @Test
    void boundsAreClampedOrUnsatisfiable() {
        assertThat(ByteRanges.select("bytes=9000-20000", LENGTH)).isEqualTo(new RangeSelection.Slice(9000, 9999));
        assertThat(ByteRanges.select("bytes=-20000", LENGTH)).isEqualTo(new RangeSelection.Slice(0, 9999));
        assertThat(ByteRanges.select("bytes=10000-", LENGTH)).isEqualTo(new RangeSelection.Unsatisfiable());
        assertThat(ByteRanges.select("bytes=10000-10005", LENGTH)).isEqualTo(new RangeSelection.Unsatisfiable());
        assertThat(ByteRanges.select("bytes=-0", LENGTH)).isEqualTo(new RangeSelection.Unsatisfiable());
        assertThat(ByteRanges.select("bytes=0-", 0)).isEqualTo(new RangeSelection.Unsatisfiable());
    }

    @Test
    void whatWeIgnoreIsServedWhole() {
        assertThat(ByteRanges.select(null, LENGTH)).isEqualTo(new RangeSelection.Whole());
        // Several ranges (RFC 9110 §14.2: a server MAY ignore Range).
        assertThat(ByteRanges.select("bytes=0-499,9500-", LENGTH)).isEqualTo(new RangeSelection.Whole());
        // last-pos before first-pos is invalid (§14.1.1).
        assertThat(ByteRanges.select("bytes=500-100", LENGTH)).isEqualTo(new RangeSelection.Whole());
        // Another unit, no unit, no positions, junk, numbers too long for a long.
        assertThat(ByteRanges.select("items=0-5", LENGTH)).isEqualTo(new RangeSelection.Whole());
        assertThat(ByteRanges.select("0-5", LENGTH)).isEqualTo(new RangeSelection.Whole());
        assertThat(ByteRanges.select("bytes=-", LENGTH)).isEqualTo(new RangeSelection.Whole());
        assertThat(ByteRanges.select("bytes=a-b", LENGTH)).isEqualTo(new RangeSelection.Whole());
        assertThat(ByteRanges.select("bytes=0-99999999999999999999", LENGTH)).isEqualTo(new RangeSelection.Whole());
    }
}
