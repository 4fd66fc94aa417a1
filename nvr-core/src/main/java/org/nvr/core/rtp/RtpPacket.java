package org.nvr.core.rtp;

import io.netty.buffer.ByteBuf;
import org.nvr.core.model.MalformedInputException;

/**
 * A view of one RTP packet (RFC 3550 §5.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * </pre>
 *
 * <p>{@code payload} is a slice of the buffer given to {@link #parse}: it is not retained, so it is valid
 * only as long as the caller holds that buffer.
 *
 * @param payloadType    7-bit payload type
 * @param sequenceNumber 16-bit sequence number, 0..65535
 * @param timestamp      32-bit RTP timestamp, 0..2^32-1
 * @param ssrc           32-bit synchronization source, 0..2^32-1
 * @param marker         the M bit (RFC 6184 §5.1: set on the last packet of an access unit)
 * @param payload        payload without CSRCs, header extension and padding
 */
public record RtpPacket(int payloadType, int sequenceNumber, long timestamp, long ssrc, boolean marker,
                        ByteBuf payload) {

    /** Fixed header length in bytes. */
    public static final int HEADER_BYTES = 12;

    /**
     * Parses the readable bytes of {@code buf} as one RTP packet without moving its reader index.
     *
     * @throws MalformedInputException if the bytes are not a valid RTP version 2 packet
     */
    public static RtpPacket parse(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < HEADER_BYTES) {
            throw new MalformedInputException("RTP packet of " + length + " bytes is shorter than the 12-byte header");
        }
        int b0 = buf.getUnsignedByte(start);
        int b1 = buf.getUnsignedByte(start + 1);
        if (b0 >> 6 != 2) {
            throw new MalformedInputException("RTP version " + (b0 >> 6) + ", expected 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0f;
        int offset = HEADER_BYTES + 4 * csrcCount;
        if (extension) {
            // RFC 3550 §5.3.1: 16-bit profile-defined id, 16-bit length in 32-bit words, then the words.
            if (length < offset + 4) {
                throw new MalformedInputException("RTP header extension truncated");
            }
            int words = buf.getUnsignedShort(start + offset + 2);
            offset += 4 + 4 * words;
        }
        int end = length;
        if (padding) {
            // RFC 3550 §5.1: the last octet of the padding counts how many octets to ignore, itself included.
            int padBytes = buf.getUnsignedByte(start + length - 1);
            if (padBytes == 0) {
                throw new MalformedInputException("RTP padding length 0");
            }
            end -= padBytes;
        }
        if (end < offset) {
            throw new MalformedInputException("RTP header of " + offset + " bytes and padding exceed packet of "
                    + length + " bytes");
        }
        return new RtpPacket(
                b1 & 0x7f,
                buf.getUnsignedShort(start + 2),
                buf.getUnsignedInt(start + 4),
                buf.getUnsignedInt(start + 8),
                (b1 & 0x80) != 0,
                buf.slice(start + offset, end - offset));
    }
}
