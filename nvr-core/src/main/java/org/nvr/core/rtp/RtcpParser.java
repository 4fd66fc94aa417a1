package org.nvr.core.rtp;

import io.netty.buffer.ByteBuf;
import java.util.Optional;
import org.nvr.core.model.MalformedInputException;

/**
 * Reads RTCP compound packets (RFC 3550 §6.1): several RTCP packets back to back, each with a 4-byte header
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * where length is the packet's size in 32-bit words minus one.
 */
public final class RtcpParser {
    /** RFC 3550 §12.1: packet type of a Sender Report. */
    public static final int PT_SENDER_REPORT = 200;
    /** RFC 3550 §12.1: packet type of a Receiver Report. */
    public static final int PT_RECEIVER_REPORT = 201;
    /** RFC 3550 §12.1: packet type of Source Description items. */
    public static final int PT_SOURCE_DESCRIPTION = 202;

    private static final int HEADER_BYTES = 4;
    /** RFC 3550 §6.4.1: header, sender SSRC and the 20-byte sender info. */
    private static final int SR_SENDER_INFO_END = 28;
    /** RFC 3550 §6.4.1: each reception report block. */
    private static final int REPORT_BLOCK_BYTES = 24;

    private RtcpParser() {
    }

    /**
     * Checks every packet header of the compound packet in {@code compound}'s readable bytes and returns
     * the first Sender Report's sender information, if there is one. Other packet types (RR, SDES, BYE, APP,
     * and types this code does not know) are skipped. The reader index does not move.
     *
     * @throws MalformedInputException if the bytes are not a sequence of well-formed version 2 RTCP packets
     */
    public static Optional<SenderReport> findSenderReport(ByteBuf compound) {
        int start = compound.readerIndex();
        int end = compound.writerIndex();
        if (start == end) {
            throw new MalformedInputException("RTCP compound packet is empty");
        }
        SenderReport found = null;
        int offset = start;
        for (int index = 0; offset < end; index++) {
            int remaining = end - offset;
            String where = "RTCP packet " + index + " at byte " + (offset - start);
            if (remaining < HEADER_BYTES) {
                throw new MalformedInputException(where + ": " + remaining
                        + " trailing bytes, shorter than the 4-byte header");
            }
            int b0 = compound.getUnsignedByte(offset);
            int version = b0 >> 6;
            if (version != 2) {
                throw new MalformedInputException(where + ": version " + version + ", expected 2");
            }
            int packetType = compound.getUnsignedByte(offset + 1);
            int packetBytes = (compound.getUnsignedShort(offset + 2) + 1) * 4;
            if (packetBytes > remaining) {
                throw new MalformedInputException(where + ": length field says " + packetBytes
                        + " bytes, only " + remaining + " left");
            }
            if (packetType == PT_SENDER_REPORT && found == null) {
                found = readSenderReport(compound, offset, packetBytes, b0 & 0x1f, where);
            }
            offset += packetBytes;
        }
        return Optional.ofNullable(found);
    }

    private static SenderReport readSenderReport(ByteBuf buf, int offset, int packetBytes, int reportCount,
                                                 String where) {
        int needed = SR_SENDER_INFO_END + REPORT_BLOCK_BYTES * reportCount;
        if (packetBytes < needed) {
            throw new MalformedInputException(where + ": sender report with " + reportCount
                    + " report blocks needs " + needed + " bytes, length field says " + packetBytes);
        }
        // RFC 3550 §6.4.1: SSRC, NTP timestamp (most then least significant word), RTP timestamp,
        // sender's packet count, sender's octet count.
        return new SenderReport(
                buf.getUnsignedInt(offset + 4),
                buf.getLong(offset + 8),
                buf.getUnsignedInt(offset + 16),
                buf.getUnsignedInt(offset + 20),
                buf.getUnsignedInt(offset + 24));
    }
}
