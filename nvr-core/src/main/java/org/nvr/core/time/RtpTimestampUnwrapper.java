package org.nvr.core.time;

/**
 * Extends 32-bit RTP timestamps (RFC 3550 §5.1) to a 64-bit count that does not wrap.
 *
 * <p>The first timestamp maps to itself (0..2^32-1). Each next one is taken as the nearest value to the
 * previous result, i.e. the previous result plus the signed 32-bit difference: a step forward across
 * 2^32 adds 2^32, and a small step back (B-frames are sent in decoding order, so presentation timestamps
 * go back and forth; RFC 6184 §5.1) goes back without wrapping. The result is therefore monotonic only as
 * far as the stream is; it can go below zero if the stream steps back just after starting near zero.
 *
 * <p>Not thread-safe: one instance belongs to one stream.
 */
public final class RtpTimestampUnwrapper {
    private static final long MASK_32 = 0xFFFF_FFFFL;

    private boolean started;
    private long last;

    /**
     * @param ts32 an RTP timestamp, 0..2^32-1
     * @return the timestamp extended to 64 bits, nearest to the previous result
     */
    public long unwrap(long ts32) {
        if ((ts32 & ~MASK_32) != 0) {
            throw new IllegalArgumentException("ts32 = " + ts32 + " is not a 32-bit RTP timestamp");
        }
        if (!started) {
            started = true;
            last = ts32;
            return last;
        }
        // Signed 32-bit difference: serial number arithmetic over 2^32 (RFC 1982 §3.2 with SERIAL_BITS 32).
        int delta = (int) (ts32 - (last & MASK_32));
        last += delta;
        return last;
    }

    /** Forgets the history: the next timestamp maps to itself again (after a reconnect). */
    public void reset() {
        started = false;
        last = 0;
    }
}
