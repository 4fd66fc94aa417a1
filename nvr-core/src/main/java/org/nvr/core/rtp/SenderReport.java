package org.nvr.core.rtp;

import java.time.Instant;

/**
 * The sender information of an RTCP Sender Report (RFC 3550 §6.4.1): which NTP wall-clock time the
 * sender's RTP timestamp stood for when it sent the report, and how much it had sent.
 *
 * @param ssrc         the sender's SSRC, 0..2^32-1
 * @param ntpTimestamp the NTP timestamp, 64-bit NTP format (RFC 5905 §6), any bit pattern
 * @param rtpTimestamp the RTP timestamp matching {@code ntpTimestamp}, 0..2^32-1
 * @param packetCount  RTP data packets sent since the start of transmission, 0..2^32-1 (wraps)
 * @param octetCount   payload octets sent since the start of transmission, 0..2^32-1 (wraps)
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {

    public SenderReport {
        checkUnsigned32(ssrc, "ssrc");
        checkUnsigned32(rtpTimestamp, "rtpTimestamp");
        checkUnsigned32(packetCount, "packetCount");
        checkUnsigned32(octetCount, "octetCount");
    }

    /** The wall-clock time the report states, with the NTP era resolved as RFC 4330 §3 says. */
    public Instant ntpInstant() {
        return NtpTimestamp.toInstant(ntpTimestamp);
    }

    /**
     * The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR, "last SR timestamp"
     * (RFC 3550 §6.4.1), in units of 1/65536 s.
     */
    public long middle32() {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }

    private static void checkUnsigned32(long value, String name) {
        if ((value & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException(name + " = " + value + " is not an unsigned 32-bit value");
        }
    }
}
