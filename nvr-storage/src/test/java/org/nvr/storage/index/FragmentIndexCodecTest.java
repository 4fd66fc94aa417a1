package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.FragmentEntry;

class FragmentIndexCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Two one-second fragments of a 25 fps stream, the second without a keyframe (hand-computed example). */
    private static final List<FragmentEntry> EXAMPLE = List.of(
            new FragmentEntry(0, 1200, 500_000, 25, true),
            new FragmentEntry(90_000, 501_200, 400_000, 25, false));
    private static final String EXAMPLE_HEX = ""
            + "01"          // format version 1
            // fragment 0
            + "00"          // start offset delta 0
            + "b009"        // byte offset delta 1200 = 0x4b0: 7-bit groups 0x30, 0x09 (continuation bit 0x80)
            + "a0c21e"      // byte length 500 000 = 0x7a120: 7-bit groups 0x20, 0x42, 0x1e (low first)
            + "33"          // frames 25 << 1 | keyframe 1 = 51
            // fragment 1
            + "90bf05"      // start offset delta 90 000 = 0x15f90: 7-bit groups 0x10, 0x3f, 0x05
            + "00"          // byte offset delta 501 200 - (1200 + 500 000) = 0
            + "80b518"      // byte length 400 000 = 0x61a80: 7-bit groups 0x00, 0x35, 0x18
            + "32";         // frames 25 << 1 | keyframe 0 = 50

    @Test
    void encodesTheDocumentedExample() {
        assertThat(HEX.formatHex(FragmentIndexCodec.encode(EXAMPLE))).isEqualTo(EXAMPLE_HEX);
    }

    @Test
    void decodesTheDocumentedExample() {
        assertThat(FragmentIndexCodec.decode(HEX.parseHex(EXAMPLE_HEX), 2, "test")).isEqualTo(EXAMPLE);
    }

    @Test
    void emptyIndexIsTheVersionByte() {
        assertThat(FragmentIndexCodec.encode(List.of())).containsExactly(1);
        assertThat(FragmentIndexCodec.decode(new byte[] {1}, 0, "test")).isEmpty();
    }

    @Test
    void roundTripsLargeValues() {
        List<FragmentEntry> fragments = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 60; i++) {
            long length = 1L << (i % 40) | 1;
            fragments.add(new FragmentEntry(i * 90_000L + (i % 3), offset + (i % 2) * 10, length, 1 + i * 1000,
                    i % 4 == 0));
            offset += (i % 2) * 10 + length;
        }
        fragments.add(new FragmentEntry(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2,
                Integer.MAX_VALUE, true));
        byte[] blob = FragmentIndexCodec.encode(fragments);
        assertThat(FragmentIndexCodec.decode(blob, fragments.size(), "test")).isEqualTo(fragments);
    }

    @Test
    void encodeRejectsFragmentsOutOfFileOrder() {
        assertThatThrownBy(() -> FragmentIndexCodec.encode(List.of(
                new FragmentEntry(90_000, 0, 100, 1, true), new FragmentEntry(0, 100, 100, 1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment 1 starts at 0");
        assertThatThrownBy(() -> FragmentIndexCodec.encode(List.of(
                new FragmentEntry(0, 0, 100, 1, true), new FragmentEntry(1, 99, 100, 1, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
    }

    @Test
    void rejectsUnknownVersionAndEmptyBlob() {
        assertCorrupt("02", 0, "unknown format version 2");
        assertCorrupt("", 0, "unknown format version (empty)");
    }

    @Test
    void rejectsTruncatedBlob() {
        // The example without its last byte: the frames varint of fragment 1 is missing.
        assertCorrupt(EXAMPLE_HEX.substring(0, EXAMPLE_HEX.length() - 2), 2, "truncated varint at byte 15");
        // A varint whose continuation bit promises another byte.
        assertCorrupt("01" + "80", 1, "truncated varint at byte 2");
    }

    @Test
    void rejectsCountMismatch() {
        assertCorrupt(EXAMPLE_HEX, 1, "8 bytes after 1 fragments");
        assertCorrupt(EXAMPLE_HEX, 3, "truncated varint");
        assertCorrupt(EXAMPLE_HEX, -1, "fragment count -1 out of range");
    }

    @Test
    void rejectsOverlongVarintAndZeroFields() {
        // Ten bytes with the continuation bit: longer than any 63-bit value.
        assertCorrupt("01" + "ffffffffffffffffff7f", 1, "varint longer than 9 bytes");
        // byteLength 0 and frames 0 cannot come from a FragmentEntry.
        assertCorrupt("01" + "00" + "00" + "00" + "03", 1, "byteLength 0");
        assertCorrupt("01" + "00" + "00" + "01" + "01", 1, "frames 0");
    }

    @Test
    void rejectsOffsetsThatOverflow() {
        // start delta 2^62 twice: the second sum passes Long.MAX_VALUE.
        String huge = "808080808080808040";
        assertCorrupt("01" + huge + "00" + "01" + "03" + huge + "00" + "01" + "03", 2, "offset overflows");
    }

    private static void assertCorrupt(String hex, int count, String message) {
        assertThatThrownBy(() -> FragmentIndexCodec.decode(HEX.parseHex(hex), count, "segment 7"))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("corrupt fragment index of segment 7")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(NvrException.Kind.DATA_LOSS));
    }
}
