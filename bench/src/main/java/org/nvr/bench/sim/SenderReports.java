package org.nvr.bench.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.nvr.core.rtp.NtpTimestamp;
import org.nvr.core.rtp.RtcpParser;

/**
 * A session's RTCP: a compound packet of a Sender Report with no report blocks (RFC 3550 §6.4.1) and an SDES
 * with the CNAME (§6.5.1; §6.1: every compound packet carries a CNAME).
 */
final class SenderReports {

    /** §6.5.1: one CNAME for every session of this process is right: they share one clock. */
    static final String CNAME = "nvr-camera-simulator";
    private static final byte[] CNAME_BYTES = CNAME.getBytes(StandardCharsets.US_ASCII);
    private static final int SR_BYTES = 28;
    private static final int SDES_CNAME = 1;
    /** SDES chunk: SSRC, CNAME item (type, length, text), END item, padded to 32 bits (§6.5). */
    private static final int CHUNK_BYTES = (4 + 2 + CNAME_BYTES.length + 1 + 3) & ~3;
    /** The compound packet's length. */
    static final int BYTES = SR_BYTES + 4 + CHUNK_BYTES;

    private SenderReports() {
    }

    /**
     * Writes the compound packet, prefixed with an interleaved header on {@code channel} when it is not -1.
     *
     * @param wallClock      the wall-clock time of the instant {@code rtpTimestamp32} stands for
     * @param packetCount    RTP packets sent so far (the SR carries it modulo 2^32, §6.4.1)
     * @param octetCount     payload octets sent so far (modulo 2^32)
     */
    static ByteBuf write(ByteBufAllocator alloc, int channel, long ssrc, Instant wallClock, long rtpTimestamp32,
                         long packetCount, long octetCount) {
        long ntp = NtpTimestamp.fromInstant(wallClock); // first: it throws outside 1968..2104
        ByteBuf buf = alloc.directBuffer((channel < 0 ? 0 : RtpHeaders.INTERLEAVED_BYTES) + BYTES);
        if (channel >= 0) {
            RtpHeaders.writeInterleaved(buf, channel, BYTES);
        }
        buf.writeByte(0x80);                        // V=2, P=0, RC=0
        buf.writeByte(RtcpParser.PT_SENDER_REPORT);
        buf.writeShort(SR_BYTES / 4 - 1);           // length in 32-bit words minus one
        buf.writeInt((int) ssrc);
        buf.writeLong(ntp);                         // NTP seconds since 1900, then the fraction
        buf.writeInt((int) rtpTimestamp32);
        buf.writeInt((int) packetCount);
        buf.writeInt((int) octetCount);
        buf.writeByte(0x81);                        // V=2, P=0, SC=1
        buf.writeByte(RtcpParser.PT_SOURCE_DESCRIPTION);
        buf.writeShort((4 + CHUNK_BYTES) / 4 - 1);
        buf.writeInt((int) ssrc);
        buf.writeByte(SDES_CNAME);
        buf.writeByte(CNAME_BYTES.length);
        buf.writeBytes(CNAME_BYTES);
        buf.writeZero(CHUNK_BYTES - 4 - 2 - CNAME_BYTES.length); // END item and padding are zero bytes
        return buf;
    }
}
