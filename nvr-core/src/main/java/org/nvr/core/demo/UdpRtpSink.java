package org.nvr.core.demo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.nvr.core.h264.H264Packetizer;

/**
 * RTP and RTCP as UDP datagrams from the server's port pair to the client's (RFC 2326 §12.39
 * {@code client_port}). The packets of one access unit are written on the socket's event loop in one task and
 * flushed once.
 */
final class UdpRtpSink implements RtpSink {

    private final Channel rtpSocket;
    private final Channel rtcpSocket;
    private final InetSocketAddress clientRtp;
    private final InetSocketAddress clientRtcp;
    private final Map<InetSocketAddress, DemoStream> rtcpSenders;
    private volatile boolean closed;

    /**
     * @param rtcpSenders the server's map from a client's RTCP address to its session, which this sink leaves
     *                    on {@link #close()}
     */
    UdpRtpSink(Channel rtpSocket, Channel rtcpSocket, InetSocketAddress clientRtp, InetSocketAddress clientRtcp,
               Map<InetSocketAddress, DemoStream> rtcpSenders) {
        this.rtpSocket = rtpSocket;
        this.rtcpSocket = rtcpSocket;
        this.clientRtp = clientRtp;
        this.clientRtcp = clientRtcp;
        this.rtcpSenders = rtcpSenders;
    }

    @Override
    public boolean writable() {
        return !closed && rtpSocket.isWritable();
    }

    @Override
    public void sendFrame(H264Packetizer packetizer, List<byte[]> nalus, long rtpTimestamp32, ByteBuf rtcp) {
        if (closed) {
            ReferenceCountUtil.release(rtcp);
            return;
        }
        List<ByteBuf> packets = new ArrayList<>(8);
        try {
            packetizer.packetize(nalus, rtpTimestamp32, rtpSocket.alloc(), packets::add);
        } catch (RuntimeException e) {
            packets.forEach(ByteBuf::release);
            ReferenceCountUtil.release(rtcp);
            throw e;
        }
        Runnable send = () -> {
            for (ByteBuf packet : packets) {
                rtpSocket.write(new DatagramPacket(packet, clientRtp), rtpSocket.voidPromise());
            }
            rtpSocket.flush();
            if (rtcp != null) {
                rtcpSocket.writeAndFlush(new DatagramPacket(rtcp, clientRtcp), rtcpSocket.voidPromise());
            }
        };
        if (rtpSocket.eventLoop().inEventLoop()) {
            send.run();
            return;
        }
        try {
            rtpSocket.eventLoop().execute(send);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: nothing will be sent, so nothing must stay allocated.
            packets.forEach(ByteBuf::release);
            ReferenceCountUtil.release(rtcp);
        }
    }

    @Override
    public void close() {
        closed = true;
        rtcpSenders.remove(clientRtcp);
    }
}
