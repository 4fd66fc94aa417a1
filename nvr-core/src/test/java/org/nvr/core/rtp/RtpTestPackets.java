package org.nvr.core.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds RTP packets byte by byte for tests (RFC 3550 §5.1 fixed header, no CSRC, no extension). */
final class RtpTestPackets {
    private RtpTestPackets() {
    }

    /**
     * A 12-byte header then a 2-byte payload holding the sequence number again, so that a test can check
     * that the payload a sink sees still belongs to the packet (and is still readable).
     */
    static ByteBuf bytes(int seq, long timestamp) {
        ByteBuf buf = Unpooled.buffer(14);
        buf.writeByte(0x80);              // V=2, P=0, X=0, CC=0
        buf.writeByte(0x60);              // M=0, PT=96 (dynamic, H.264 as most cameras announce it)
        buf.writeShort(seq);              // sequence number
        buf.writeInt((int) timestamp);    // RTP timestamp
        buf.writeInt(0x1234ABCD);         // SSRC
        buf.writeShort(seq);              // payload: the sequence number again
        return buf;
    }
}
