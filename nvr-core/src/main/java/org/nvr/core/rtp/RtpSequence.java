package org.nvr.core.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers, which wrap from 65535 to 0 (RFC 3550 §5.1, Appendix A.1).
 *
 * <p>Two sequence numbers are compared by their signed distance modulo 2^16: the nearer of the two ways
 * round the circle wins, so 65535 is just before 0. This is the serial-number arithmetic that RFC 3550
 * Appendix A.1 applies with {@code udelta = seq - max_seq} in 16-bit unsigned arithmetic.
 */
public final class RtpSequence {
    /** Number of distinct sequence numbers (RFC 3550 A.1 {@code RTP_SEQ_MOD}). */
    public static final int MODULUS = 1 << 16;

    private RtpSequence() {
    }

    /**
     * Signed distance from {@code from} to {@code to}, in [-32768, 32767]: positive when {@code to} comes
     * after {@code from}. Exactly half-way round (32768 apart) is reported as -32768.
     *
     * @throws IllegalArgumentException if either value is outside 0..65535
     */
    public static int delta(int from, int to) {
        check(from, "from");
        check(to, "to");
        return (short) (to - from);
    }

    /** True when {@code seq} comes strictly after {@code reference} (distance 1..32767). */
    public static boolean isAfter(int seq, int reference) {
        return delta(reference, seq) > 0;
    }

    /** {@code seq + n} modulo 2^16; {@code n} may be negative. */
    public static int add(int seq, int n) {
        check(seq, "seq");
        return (seq + n) & (MODULUS - 1);
    }

    private static void check(int seq, String name) {
        if ((seq & ~(MODULUS - 1)) != 0) {
            throw new IllegalArgumentException(name + " = " + seq + " is not a 16-bit sequence number");
        }
    }
}
