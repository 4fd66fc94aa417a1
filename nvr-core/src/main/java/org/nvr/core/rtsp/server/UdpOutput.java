package org.nvr.core.rtsp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.nvr.core.h264.H264Packetizer;

/**
 * RTP and RTCP as UDP datagrams from the server's shared port pair to the client's {@code client_port} pair
 * (RFC 2326 §12.39), always at the address the RTSP request came from (no third-party destination: no
 * reflection). The packets of one access unit are written on the socket's event loop in one task and flushed
 * once.
 */
final class UdpOutput implements MediaOutput {

    private final UdpSockets sockets;
    private final InetSocketAddress clientRtp;
    private final InetSocketAddress clientRtcp;
    private volatile boolean closed;

    UdpOutput(UdpSockets sockets, InetSocketAddress clientRtp, InetSocketAddress clientRtcp) {
        this.sockets = sockets;
        this.clientRtp = clientRtp;
        this.clientRtcp = clientRtcp;
    }

    InetSocketAddress clientRtcp() {
        return clientRtcp;
    }

    @Override
    public boolean writable() {
        return !closed && sockets.rtp().isWritable();
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public int sendUnit(H264Packetizer packetizer, List<byte[]> nalus, long rtpTimestamp32,
                        H264Packetizer.HeaderExtension extension) {
        if (closed) {
            return 0;
        }
        Channel socket = sockets.rtp();
        List<ByteBuf> packets = new ArrayList<>(8);
        int bytes = 0;
        try {
            packetizer.packetize(nalus, rtpTimestamp32, socket.alloc(), packets::add, extension);
        } catch (RuntimeException e) {
            packets.forEach(ByteBuf::release);
            throw e;
        }
        for (ByteBuf packet : packets) {
            bytes += packet.readableBytes();
        }
        Runnable send = () -> {
            for (ByteBuf packet : packets) {
                socket.write(new DatagramPacket(packet, clientRtp), socket.voidPromise());
            }
            socket.flush();
        };
        run(socket, send, () -> packets.forEach(ByteBuf::release));
        return bytes;
    }

    @Override
    public void sendRtcp(ByteBuf rtcp) {
        if (closed) {
            rtcp.release();
            return;
        }
        Channel socket = sockets.rtcp();
        run(socket, () -> socket.writeAndFlush(new DatagramPacket(rtcp, clientRtcp), socket.voidPromise()),
                rtcp::release);
    }

    @Override
    public void close() {
        closed = true;
    }

    private static void run(Channel socket, Runnable send, Runnable discard) {
        if (socket.eventLoop().inEventLoop()) {
            send.run();
            return;
        }
        try {
            socket.eventLoop().execute(send);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: nothing will be sent, so nothing must stay allocated.
            discard.run();
        }
    }
}
