package org.nvr.core.h264;

import java.util.Arrays;
import org.nvr.core.model.MalformedInputException;

/**
 * Reads bits and Exp-Golomb codes (H.264 §9.1) from a raw byte sequence payload. Every read past the end throws
 * {@link MalformedInputException} naming {@code what}, so a truncated parameter set is never read as zeros.
 */
final class RbspReader {
    private final byte[] rbsp;
    private final String what;
    private long bitPosition;

    /** @param rbsp the payload with emulation prevention bytes already removed ({@link #unescape}) */
    RbspReader(byte[] rbsp, String what) {
        this.rbsp = rbsp;
        this.what = what;
    }

    /**
     * The RBSP of {@code nalu[from..]}: each emulation prevention byte, the {@code 03} of {@code 00 00 03}, removed
     * (H.264 §7.4.1).
     */
    static byte[] unescape(byte[] nalu, int from) {
        byte[] out = new byte[nalu.length - from];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nalu.length; i++) {
            byte b = nalu[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = b;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    boolean readFlag(String field) {
        return readBits(1, field) == 1;
    }

    /** An unsigned value of {@code n} bits, 0 <= n <= 31. */
    int readBits(int n, String field) {
        if (bitPosition + n > 8L * rbsp.length) {
            throw new MalformedInputException(what + " ends before " + field + " (bit " + bitPosition + " of "
                    + 8L * rbsp.length + ")");
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            int bit = (rbsp[(int) (bitPosition >>> 3)] >> (7 - (int) (bitPosition & 7))) & 1;
            value = (value << 1) | bit;
            bitPosition++;
        }
        return value;
    }

    /** ue(v), H.264 §9.1; values above 2^31 - 2 are rejected as no field of a parameter set holds them. */
    int readUe(String field) {
        int leadingZeros = 0;
        while (readBits(1, field) == 0) {
            leadingZeros++;
            if (leadingZeros > 30) {
                throw new MalformedInputException(what + ": " + field + " has an Exp-Golomb code of more than 30 "
                        + "leading zero bits");
            }
        }
        return (1 << leadingZeros) - 1 + readBits(leadingZeros, field);
    }

    /** ue(v) checked to lie in {@code [min, max]}. */
    int readUe(String field, int min, int max) {
        int value = readUe(field);
        if (value < min || value > max) {
            throw new MalformedInputException(what + ": " + field + " = " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** se(v), H.264 §9.1.1: k = ue(v) maps to (-1)^(k+1) * ceil(k / 2). */
    int readSe(String field) {
        int k = readUe(field);
        return (k & 1) == 1 ? (k + 1) >>> 1 : -(k >>> 1);
    }
}
