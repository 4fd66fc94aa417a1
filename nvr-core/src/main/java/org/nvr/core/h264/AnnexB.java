package org.nvr.core.h264;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nvr.core.model.MalformedInputException;

/**
 * The H.264 Annex B byte stream format: NAL units each preceded by a start code prefix {@code 00 00 01},
 * optionally with a leading {@code zero_byte} (the 4-byte form {@code 00 00 00 01}), and possibly followed by
 * {@code trailing_zero_8bits} (H.264 §B.1.1).
 *
 * <p>A NAL unit never ends with a {@code 00} byte (its RBSP ends with a stop bit, and a final cabac_zero_word
 * is followed by an emulation prevention byte {@code 03}, H.264 §7.4.1), so every zero byte before the next
 * start code belongs to the stream format and is dropped.
 */
public final class AnnexB {
    /** Length of the start code prefix {@code 00 00 01}. */
    static final int START_CODE_PREFIX_BYTES = 3;

    private AnnexB() {
    }

    /**
     * Splits a whole Annex B byte stream into NAL units without start codes (header byte first). Empty NAL
     * units (two start codes in a row) are skipped. The result holds at most {@code stream.length / 4} units,
     * so its size is bounded by the input's.
     *
     * @throws MalformedInputException if non-zero bytes come before the first start code
     */
    public static List<byte[]> split(byte[] stream) {
        List<byte[]> nalus = new ArrayList<>();
        int payload = firstPayload(stream);
        while (payload >= 0) {
            int next = findStartCode(stream, payload, stream.length);
            int end = trimTrailingZeros(stream, payload, next < 0 ? stream.length : next);
            if (end > payload) {
                nalus.add(Arrays.copyOfRange(stream, payload, end));
            }
            payload = next < 0 ? -1 : next + START_CODE_PREFIX_BYTES;
        }
        return nalus;
    }

    /**
     * Index of the first byte after the first start code of {@code stream}, or -1 if it has none.
     *
     * @throws MalformedInputException if a byte before the first start code is not a zero byte (H.264 §B.1.1
     *                                 allows only {@code leading_zero_8bits} there)
     */
    static int firstPayload(byte[] stream) {
        int first = findStartCode(stream, 0, stream.length);
        int leading = first < 0 ? stream.length : first;
        for (int i = 0; i < leading; i++) {
            if (stream[i] != 0) {
                throw new MalformedInputException("Annex B stream: byte " + i + " (0x"
                        + Integer.toHexString(stream[i] & 0xff) + ") comes before the first start code 00 00 01");
            }
        }
        return first < 0 ? -1 : first + START_CODE_PREFIX_BYTES;
    }

    /**
     * Index of the first {@code 00} of the next start code prefix {@code 00 00 01} that lies wholly in
     * {@code [from, to)}, or -1 if there is none.
     */
    static int findStartCode(byte[] b, int from, int to) {
        int i = from;
        while (i + 2 < to) {
            int third = b[i + 2];
            if (third > 1 || third < 0) {
                // b[i + 2] is neither 00 nor 01: no prefix can start at i, i + 1 or i + 2.
                i += 3;
            } else if (third == 1 && b[i] == 0 && b[i + 1] == 0) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** {@code end} moved back over zero bytes, not before {@code start}. */
    static int trimTrailingZeros(byte[] b, int start, int end) {
        int e = end;
        while (e > start && b[e - 1] == 0) {
            e--;
        }
        return e;
    }
}
