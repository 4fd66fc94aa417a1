package org.nvr.core.rtsp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;
import org.nvr.core.h264.H264Packetizer;

/**
 * RTP and RTCP as {@code $} frames on the RTSP connection (RFC 2326 §10.12). A whole access unit is one buffer
 * and one write, so the kernel sees few large writes. Used on the connection's event loop only.
 */
final class InterleavedOutput implements MediaOutput {

    private final Channel channel;
    private final int rtpChannel;
    private final int rtcpChannel;
    private boolean closed;

    InterleavedOutput(Channel channel, int rtpChannel, int rtcpChannel) {
        this.channel = channel;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
    }

    /** Whether this output sends on either of {@code ports}' channels. */
    boolean uses(org.nvr.core.rtsp.RtspTransport.PortPair ports) {
        return rtpChannel == ports.rtp() || rtpChannel == ports.rtcp() || rtcpChannel == ports.rtp()
                || rtcpChannel == ports.rtcp();
    }

    @Override
    public boolean writable() {
        return !closed && channel.isWritable();
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public int sendUnit(H264Packetizer packetizer, List<byte[]> nalus, long rtpTimestamp32,
                        H264Packetizer.HeaderExtension extension) {
        if (closed) {
            return 0;
        }
        ByteBuf frames = packetizer.packetizeInterleaved(nalus, rtpTimestamp32, rtpChannel, channel.alloc(),
                extension);
        int bytes = frames.readableBytes();
        channel.writeAndFlush(frames, channel.voidPromise());
        return bytes;
    }

    @Override
    public void sendRtcp(ByteBuf rtcp) {
        if (closed) {
            rtcp.release();
            return;
        }
        ByteBuf framed;
        try {
            framed = channel.alloc().buffer(4 + rtcp.readableBytes());
            framed.writeByte('$').writeByte(rtcpChannel).writeShort(rtcp.readableBytes()).writeBytes(rtcp);
        } finally {
            rtcp.release();
        }
        channel.writeAndFlush(framed, channel.voidPromise());
    }

    @Override
    public void close() {
        closed = true;
    }
}
