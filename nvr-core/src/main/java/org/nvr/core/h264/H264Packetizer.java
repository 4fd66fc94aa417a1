package org.nvr.core.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns H.264 access units into RTP packets, RFC 6184 packetization-mode 1 (non-interleaved).
 *
 * <p>A NAL unit that fits in {@code maxPayloadBytes} goes out as a single NAL unit packet (§5.6); a larger
 * one is split into FU-A fragments (§5.8). STAP-A aggregation is not used: parameter sets go out as single
 * NAL unit packets, as most cameras send them. The marker bit is set on the last packet of each access unit
 * (§5.1).
 *
 * <p>One packetizer is one RTP stream (one SSRC): it keeps the sequence number and the sender's packet and
 * octet counts that an RTCP Sender Report needs (RFC 3550 §6.4.1). Not thread-safe: use it from the one
 * thread that sends the stream (a channel's event loop).
 */
public final class H264Packetizer {

    /** RTP fixed header length (RFC 3550 §5.1), no CSRCs, no extension. */
    public static final int RTP_HEADER_BYTES = 12;
    /** Interleaved frame header: {@code $}, channel, 16-bit length (RFC 2326 §10.12). */
    public static final int INTERLEAVED_HEADER_BYTES = 4;
    /** RFC 6184 §5.8: FU indicator and FU header before each fragment's data. */
    private static final int FU_A_HEADER_BYTES = 2;
    private static final int FU_A_TYPE = 28;
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;
    /** An interleaved frame's length field is 16 bits, so an RTP packet there is at most 65535 bytes. */
    private static final int MAX_PAYLOAD_LIMIT = 0xffff - RTP_HEADER_BYTES;

    private final int payloadType;
    private final int ssrc;
    private final int maxPayloadBytes;
    private int sequence;
    private long packetCount;
    private long octetCount;

    /**
     * @param payloadType     dynamic RTP payload type, 0..127 (96 in the usual SDP)
     * @param ssrc            synchronization source, 0..2^32-1
     * @param initialSequence first sequence number, 0..65535 (RFC 3550 §5.1 says it should be random)
     * @param maxPayloadBytes largest RTP payload; 1400 keeps a UDP packet under a 1500-byte MTU
     */
    public H264Packetizer(int payloadType, long ssrc, int initialSequence, int maxPayloadBytes) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType " + payloadType + " is not in 0..127");
        }
        if (ssrc < 0 || ssrc > 0xffffffffL) {
            throw new IllegalArgumentException("ssrc " + ssrc + " is not a 32-bit unsigned value");
        }
        if (initialSequence < 0 || initialSequence > 0xffff) {
            throw new IllegalArgumentException("initialSequence " + initialSequence + " is not in 0..65535");
        }
        if (maxPayloadBytes <= FU_A_HEADER_BYTES || maxPayloadBytes > MAX_PAYLOAD_LIMIT) {
            throw new IllegalArgumentException("maxPayloadBytes " + maxPayloadBytes + " is not in 3.."
                    + MAX_PAYLOAD_LIMIT);
        }
        this.payloadType = payloadType;
        this.ssrc = (int) ssrc;
        this.sequence = initialSequence;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequence() {
        return sequence;
    }

    /** This stream's SSRC, 0..2^32-1. */
    public long ssrc() {
        return ssrc & 0xffffffffL;
    }

    /** Packets written so far (RFC 3550 §6.4.1 sender's packet count, before the 32-bit wrap). */
    public long packetCount() {
        return packetCount;
    }

    /** Payload octets written so far, RTP headers excluded (RFC 3550 §6.4.1 sender's octet count). */
    public long octetCount() {
        return octetCount;
    }

    /**
     * Writes one access unit as RTP packets, each in its own buffer handed to {@code out}, which then owns
     * (and must release) it.
     *
     * @param nalus          the access unit's NAL units without start codes, in decoding order
     * @param rtpTimestamp32 the access unit's RTP timestamp, 0..2^32-1
     */
    public void packetize(List<byte[]> nalus, long rtpTimestamp32, ByteBufAllocator alloc, Consumer<ByteBuf> out) {
        packetize(nalus, rtpTimestamp32, alloc, out, null);
    }

    /**
     * As {@link #packetize(List, long, ByteBufAllocator, Consumer)}, with {@code extension} (may be null) as the
     * header extension of every packet of the access unit (RFC 3550 §5.3.1).
     */
    public void packetize(List<byte[]> nalus, long rtpTimestamp32, ByteBufAllocator alloc, Consumer<ByteBuf> out,
                          HeaderExtension extension) {
        checkAccessUnit(nalus, rtpTimestamp32);
        int headerBytes = RTP_HEADER_BYTES + (extension == null ? 0 : extension.bytes());
        int last = nalus.size() - 1;
        for (int i = 0; i <= last; i++) {
            byte[] nalu = nalus.get(i);
            boolean lastNalu = i == last;
            if (nalu.length <= maxPayloadBytes) {
                ByteBuf packet = alloc.buffer(headerBytes + nalu.length);
                writeSingle(packet, nalu, rtpTimestamp32, lastNalu, extension);
                out.accept(packet);
                continue;
            }
            int offset = 1;
            while (offset < nalu.length) {
                int chunk = Math.min(maxPayloadBytes - FU_A_HEADER_BYTES, nalu.length - offset);
                ByteBuf packet = alloc.buffer(headerBytes + FU_A_HEADER_BYTES + chunk);
                writeFragment(packet, nalu, offset, chunk, rtpTimestamp32, lastNalu, extension);
                out.accept(packet);
                offset += chunk;
            }
        }
    }

    /**
     * Writes one access unit as RTP packets framed for RTSP interleaving ({@code $}, channel, 16-bit length,
     * packet: RFC 2326 §10.12), all in one buffer, so that a server can send a whole picture in one write.
     *
     * @param nalus          the access unit's NAL units without start codes, in decoding order
     * @param rtpTimestamp32 the access unit's RTP timestamp, 0..2^32-1
     * @param channel        the interleaved channel for RTP, 0..255 (the first of the SETUP's pair)
     * @return a buffer the caller owns, sized exactly to its content
     */
    public ByteBuf packetizeInterleaved(List<byte[]> nalus, long rtpTimestamp32, int channel, ByteBufAllocator alloc) {
        return packetizeInterleaved(nalus, rtpTimestamp32, channel, alloc, null);
    }

    /**
     * As {@link #packetizeInterleaved(List, long, int, ByteBufAllocator)}, with {@code extension} (may be null)
     * as the header extension of every packet of the access unit (RFC 3550 §5.3.1).
     */
    public ByteBuf packetizeInterleaved(List<byte[]> nalus, long rtpTimestamp32, int channel, ByteBufAllocator alloc,
                                        HeaderExtension extension) {
        checkAccessUnit(nalus, rtpTimestamp32);
        int headerBytes = RTP_HEADER_BYTES + (extension == null ? 0 : extension.bytes());
        if (channel < 0 || channel > 0xff) {
            throw new IllegalArgumentException("channel " + channel + " is not in 0..255");
        }
        if (headerBytes + maxPayloadBytes > 0xffff) {
            throw new IllegalArgumentException("a packet with a " + headerBytes + "-byte header and up to "
                    + maxPayloadBytes + " payload bytes does not fit an interleaved frame");
        }
        long total = 0;
        for (byte[] nalu : nalus) {
            if (nalu.length <= maxPayloadBytes) {
                total += INTERLEAVED_HEADER_BYTES + headerBytes + nalu.length;
            } else {
                // The fragments drop the NAL header byte (RFC 6184 §5.8), hence the -1.
                long perPacket = INTERLEAVED_HEADER_BYTES + headerBytes + FU_A_HEADER_BYTES;
                total += packetsFor(nalu.length) * perPacket + nalu.length - 1;
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("access unit of " + total + " interleaved bytes is too large");
        }
        ByteBuf buf = alloc.buffer((int) total, (int) total);
        try {
            int last = nalus.size() - 1;
            for (int i = 0; i <= last; i++) {
                byte[] nalu = nalus.get(i);
                boolean lastNalu = i == last;
                if (nalu.length <= maxPayloadBytes) {
                    writeInterleavedHeader(buf, channel, headerBytes + nalu.length);
                    writeSingle(buf, nalu, rtpTimestamp32, lastNalu, extension);
                    continue;
                }
                int offset = 1;
                while (offset < nalu.length) {
                    int chunk = Math.min(maxPayloadBytes - FU_A_HEADER_BYTES, nalu.length - offset);
                    writeInterleavedHeader(buf, channel, headerBytes + FU_A_HEADER_BYTES + chunk);
                    writeFragment(buf, nalu, offset, chunk, rtpTimestamp32, lastNalu, extension);
                    offset += chunk;
                }
            }
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * An RTP header extension (RFC 3550 §5.3.1), e.g. ONVIF's replay extension (profile 0xABAC).
     *
     * @param profile the 16-bit profile-defined identifier
     * @param data    the extension's words, a multiple of 4 bytes, at most 4 * 65535 (copied)
     */
    public record HeaderExtension(int profile, byte[] data) {
        public HeaderExtension {
            if (profile < 0 || profile > 0xffff) {
                throw new IllegalArgumentException("profile " + profile + " is not 16 bits");
            }
            if (data.length % 4 != 0 || data.length > 4 * 0xffff) {
                throw new IllegalArgumentException("extension data of " + data.length
                        + " bytes is not a whole number of 32-bit words up to 65535");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Bytes on the wire: the 4-byte extension header and the data. */
        public int bytes() {
            return 4 + data.length;
        }
    }

    /** How many RTP packets a NAL unit of {@code naluBytes} becomes. */
    public int packetsFor(int naluBytes) {
        if (naluBytes <= maxPayloadBytes) {
            return 1;
        }
        int perFragment = maxPayloadBytes - FU_A_HEADER_BYTES;
        return (naluBytes - 1 + perFragment - 1) / perFragment;
    }

    private static void checkAccessUnit(List<byte[]> nalus, long rtpTimestamp32) {
        if (nalus.isEmpty()) {
            throw new IllegalArgumentException("an access unit needs at least one NAL unit");
        }
        for (byte[] nalu : nalus) {
            if (nalu.length == 0) {
                throw new IllegalArgumentException("empty NAL unit");
            }
        }
        if (rtpTimestamp32 < 0 || rtpTimestamp32 > 0xffffffffL) {
            throw new IllegalArgumentException("rtpTimestamp32 " + rtpTimestamp32 + " is not a 32-bit value");
        }
    }

    private static void writeInterleavedHeader(ByteBuf buf, int channel, int packetBytes) {
        buf.writeByte('$');
        buf.writeByte(channel);
        buf.writeShort(packetBytes);
    }

    /** RFC 6184 §5.6: the NAL unit, header byte included, is the whole payload. */
    private void writeSingle(ByteBuf buf, byte[] nalu, long rtpTimestamp32, boolean marker,
                             HeaderExtension extension) {
        writeRtpHeader(buf, rtpTimestamp32, marker, extension);
        buf.writeBytes(nalu);
        octetCount += nalu.length;
    }

    /**
     * RFC 6184 §5.8: the FU indicator keeps the NAL header's F and NRI bits with type 28; the FU header has
     * S on the first fragment, E on the last, and the NAL unit's type. The NAL header byte itself is not sent:
     * the receiver rebuilds it from the indicator and the FU header.
     */
    private void writeFragment(ByteBuf buf, byte[] nalu, int offset, int chunk, long rtpTimestamp32,
                               boolean lastNalu, HeaderExtension extension) {
        boolean start = offset == 1;
        boolean end = offset + chunk == nalu.length;
        writeRtpHeader(buf, rtpTimestamp32, lastNalu && end, extension);
        buf.writeByte((nalu[0] & 0xe0) | FU_A_TYPE);
        buf.writeByte((start ? FU_START : 0) | (end ? FU_END : 0) | (nalu[0] & 0x1f));
        buf.writeBytes(nalu, offset, chunk);
        octetCount += FU_A_HEADER_BYTES + chunk;
    }

    /** RFC 3550 §5.1: V=2, no padding, X set when there is an extension (§5.3.1), no CSRC. */
    private void writeRtpHeader(ByteBuf buf, long rtpTimestamp32, boolean marker, HeaderExtension extension) {
        buf.writeByte(extension == null ? 0x80 : 0x90);
        buf.writeByte((marker ? 0x80 : 0) | payloadType);
        buf.writeShort(sequence);
        buf.writeInt((int) rtpTimestamp32);
        buf.writeInt(ssrc);
        if (extension != null) {
            // RFC 3550 §5.3.1: 16-bit profile-defined id, 16-bit length in 32-bit words, then the words.
            buf.writeShort(extension.profile());
            buf.writeShort(extension.data.length / 4);
            buf.writeBytes(extension.data);
        }
        sequence = (sequence + 1) & 0xffff;
        packetCount++;
    }
}
