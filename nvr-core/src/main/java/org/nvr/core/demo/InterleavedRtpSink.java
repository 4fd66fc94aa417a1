package org.nvr.core.demo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.nvr.core.h264.H264Packetizer;

/**
 * RTP and RTCP as {@code $} frames on the RTSP connection (RFC 2326 §10.12). A whole access unit is one buffer
 * and one write, as many cameras send it, so the kernel sees few large writes.
 */
final class InterleavedRtpSink implements RtpSink {

    private final Channel channel;
    private final int rtpChannel;
    private final int rtcpChannel;
    private boolean closed;

    InterleavedRtpSink(Channel channel, int rtpChannel, int rtcpChannel) {
        this.channel = channel;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
    }

    @Override
    public boolean writable() {
        return !closed && channel.isWritable();
    }

    @Override
    public void sendFrame(H264Packetizer packetizer, List<byte[]> nalus, long rtpTimestamp32, ByteBuf rtcp) {
        if (closed) {
            ReferenceCountUtil.release(rtcp);
            return;
        }
        channel.write(packetizer.packetizeInterleaved(nalus, rtpTimestamp32, rtpChannel, channel.alloc()),
                channel.voidPromise());
        if (rtcp != null) {
            ByteBuf framed = channel.alloc().buffer(4 + rtcp.readableBytes());
            try {
                framed.writeByte('$').writeByte(rtcpChannel).writeShort(rtcp.readableBytes()).writeBytes(rtcp);
            } finally {
                rtcp.release();
            }
            channel.write(framed, channel.voidPromise());
        }
        channel.flush();
    }

    @Override
    public void close() {
        closed = true;
    }
}
