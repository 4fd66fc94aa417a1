package org.nvr.core.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.nvr.core.rtp.NtpTimestamp;
import org.nvr.core.rtp.RtcpParser;

/** Builds the demo camera's RTCP: a compound Sender Report plus SDES CNAME (RFC 3550 §6.1, §6.4.1, §6.5.1). */
final class DemoRtcp {

    private static final int SDES_CNAME = 1;

    private DemoRtcp() {
    }

    /**
     * A compound RTCP packet: SR with no report blocks, then SDES with one CNAME chunk (§6.1: every compound
     * packet carries a CNAME).
     *
     * @param wallClock      now, in 1968..2104 (what the NTP timestamp can say, {@link NtpTimestamp})
     * @param rtpTimestamp32 the RTP timestamp of the instant {@code wallClock}, 0..2^32-1
     * @param packetCount    packets sent since the start (wraps at 2^32 as §6.4.1 says)
     * @param octetCount     payload octets sent since the start (wraps at 2^32)
     */
    static ByteBuf senderReport(ByteBufAllocator alloc, long ssrc, Instant wallClock, long rtpTimestamp32,
                                long packetCount, long octetCount, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        if (name.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        // SDES chunk: SSRC, CNAME item (type, length, text), END item, padded to a 32-bit boundary (§6.5).
        int chunkBytes = (4 + 2 + name.length + 1 + 3) & ~3;
        int srBytes = 28;
        int sdesBytes = 4 + chunkBytes;
        long ntp = NtpTimestamp.fromInstant(wallClock); // before the allocation: it throws outside 1968..2104
        ByteBuf buf = alloc.buffer(srBytes + sdesBytes);
        buf.writeByte(0x80);                       // V=2, P=0, RC=0
        buf.writeByte(RtcpParser.PT_SENDER_REPORT);
        buf.writeShort(srBytes / 4 - 1);           // length in 32-bit words minus one
        buf.writeInt((int) ssrc);
        buf.writeLong(ntp);                        // NTP timestamp: seconds since 1900, then the fraction
        buf.writeInt((int) rtpTimestamp32);
        buf.writeInt((int) packetCount);
        buf.writeInt((int) octetCount);
        buf.writeByte(0x81);                       // V=2, P=0, SC=1
        buf.writeByte(RtcpParser.PT_SOURCE_DESCRIPTION);
        buf.writeShort(sdesBytes / 4 - 1);
        buf.writeInt((int) ssrc);
        buf.writeByte(SDES_CNAME);
        buf.writeByte(name.length);
        buf.writeBytes(name);
        buf.writeZero(chunkBytes - 4 - 2 - name.length); // END item and padding are zero bytes
        return buf;
    }
}
