package org.nvr.core.rtsp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.nvr.core.rtp.NtpTimestamp;
import org.nvr.core.rtp.RtcpParser;

/** The RTCP the server sends (RFC 3550 §6): Sender Report + SDES CNAME, and BYE + SDES at the end of a stream. */
final class RtcpPackets {

    /** RFC 3550 §12.1: BYE. */
    static final int PT_BYE = 203;
    private static final int SDES_CNAME = 1;
    private static final byte[] CNAME = "nvr".getBytes(StandardCharsets.US_ASCII);
    /** SDES chunk: SSRC, CNAME item (type, length, text), END item, padded to 32 bits (§6.5). */
    private static final int CHUNK_BYTES = (4 + 2 + CNAME.length + 1 + 3) & ~3;
    private static final int SDES_BYTES = 4 + CHUNK_BYTES;
    private static final int SR_BYTES = 28;
    private static final int BYE_BYTES = 8;

    private RtcpPackets() {
    }

    /**
     * Compound SR (no report blocks) + SDES (§6.1: every compound packet carries a CNAME).
     *
     * @param wallClock      the wall time of the instant {@code rtpTimestamp32} stands for (1968..2104)
     * @param packetCount    packets sent so far (wraps at 2^32, §6.4.1)
     * @param octetCount     payload octets sent so far (wraps at 2^32)
     */
    static ByteBuf senderReport(ByteBufAllocator alloc, long ssrc, Instant wallClock, long rtpTimestamp32,
                                long packetCount, long octetCount) {
        long ntp = NtpTimestamp.fromInstant(wallClock); // before allocating: throws outside 1968..2104
        ByteBuf buf = alloc.buffer(SR_BYTES + SDES_BYTES);
        buf.writeByte(0x80);                        // V=2, P=0, RC=0
        buf.writeByte(RtcpParser.PT_SENDER_REPORT);
        buf.writeShort(SR_BYTES / 4 - 1);           // length in 32-bit words minus one
        buf.writeInt((int) ssrc);
        buf.writeLong(ntp);
        buf.writeInt((int) rtpTimestamp32);
        buf.writeInt((int) packetCount);
        buf.writeInt((int) octetCount);
        writeSdes(buf, ssrc);
        return buf;
    }

    /** Compound SDES + BYE (§6.6: the stream ends; §6.1: BYE is the last packet of the compound). */
    static ByteBuf bye(ByteBufAllocator alloc, long ssrc) {
        ByteBuf buf = alloc.buffer(SDES_BYTES + BYE_BYTES);
        writeSdes(buf, ssrc);
        buf.writeByte(0x81);                        // V=2, P=0, SC=1
        buf.writeByte(PT_BYE);
        buf.writeShort(BYE_BYTES / 4 - 1);
        buf.writeInt((int) ssrc);
        return buf;
    }

    private static void writeSdes(ByteBuf buf, long ssrc) {
        buf.writeByte(0x81);                        // V=2, P=0, SC=1
        buf.writeByte(RtcpParser.PT_SOURCE_DESCRIPTION);
        buf.writeShort(SDES_BYTES / 4 - 1);
        buf.writeInt((int) ssrc);
        buf.writeByte(SDES_CNAME);
        buf.writeByte(CNAME.length);
        buf.writeBytes(CNAME);
        buf.writeZero(CHUNK_BYTES - 4 - 2 - CNAME.length); // END item and padding are zero bytes
    }
}
