package org.nvr.bench.sim;

import io.netty.buffer.ByteBuf;

/** The few header bytes a session writes in front of each shared payload (RFC 3550 §5.1, RFC 2326 §10.12). */
final class RtpHeaders {

    /** RTP fixed header without CSRCs or extension. */
    static final int RTP_BYTES = 12;
    /** Interleaved frame prefix: {@code $}, channel, 16-bit length. */
    static final int INTERLEAVED_BYTES = 4;

    private RtpHeaders() {
    }

    /** RFC 2326 §10.12: {@code $}, the channel, then the length of the RTP or RTCP packet that follows. */
    static void writeInterleaved(ByteBuf buf, int channel, int packetBytes) {
        buf.writeByte('$');
        buf.writeByte(channel);
        buf.writeShort(packetBytes);
    }

    /**
     * RFC 3550 §5.1: V=2, no padding, no extension, no CSRC; marker and payload type; sequence number;
     * timestamp; SSRC.
     */
    static void writeRtp(ByteBuf buf, boolean marker, int sequence, long timestamp32, long ssrc) {
        buf.writeByte(0x80);
        buf.writeByte((marker ? 0x80 : 0) | SimSdp.PAYLOAD_TYPE);
        buf.writeShort(sequence);
        buf.writeInt((int) timestamp32);
        buf.writeInt((int) ssrc);
    }
}
