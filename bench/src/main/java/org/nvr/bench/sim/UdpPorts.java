package org.nvr.bench.sim;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's UDP port pair: an even port sending RTP and the next one sending RTCP (RFC 3550 §11), both
 * registered on that loop, so that its UDP sessions write to them without handing tasks between threads. Each
 * loop has its own pair; a SETUP's {@code server_port} names the pair of the connection's loop.
 *
 * <p>RTCP that clients send to the RTCP port (receiver reports) keeps their session alive. The map from a
 * client's RTCP address to its session is touched only on this loop.
 */
final class UdpPorts {

    private static final Logger LOG = LoggerFactory.getLogger(UdpPorts.class);
    private static final int BIND_ATTEMPTS = 32;
    /**
     * Socket send buffer asked for (the kernel caps it at {@code net.core.wmem_max}) and the high-water mark of
     * the channel's queue: above it the loop's UDP sessions skip pictures rather than queue more.
     */
    private static final int SEND_BUFFER_BYTES = 4 << 20;

    private final Channel rtp;
    private final Channel rtcp;
    private final Map<InetSocketAddress, SimSession> byClientRtcp;

    private UdpPorts(Channel rtp, Channel rtcp, Map<InetSocketAddress, SimSession> byClientRtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.byClientRtcp = byClientRtcp;
    }

    /** Binds an even port and the next one on {@code address}, registered on {@code loop}. */
    static UdpPorts bind(EventLoop loop, InetAddress address) {
        Map<InetSocketAddress, SimSession> sessions = new HashMap<>();
        Bootstrap rtpBootstrap = bootstrap(loop, new Discard());
        Bootstrap rtcpBootstrap = bootstrap(loop, new ReceiverReports(sessions));
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            ChannelFuture rtpBound = rtpBootstrap.bind(new InetSocketAddress(address, 0)).awaitUninterruptibly();
            if (!rtpBound.isSuccess()) {
                throw new IllegalStateException("camera simulator cannot bind a UDP port on " + address,
                        rtpBound.cause());
            }
            Channel rtpChannel = rtpBound.channel();
            int port = ((InetSocketAddress) rtpChannel.localAddress()).getPort();
            if (port % 2 == 0 && port < 65535) {
                ChannelFuture rtcpBound = rtcpBootstrap.bind(new InetSocketAddress(address, port + 1))
                        .awaitUninterruptibly();
                if (rtcpBound.isSuccess()) {
                    return new UdpPorts(rtpChannel, rtcpBound.channel(), sessions);
                }
            }
            rtpChannel.close().syncUninterruptibly();
        }
        throw new IllegalStateException("camera simulator found no free UDP port pair in " + BIND_ATTEMPTS
                + " attempts");
    }

    private static Bootstrap bootstrap(EventLoop loop, SimpleChannelInboundHandler<DatagramPacket> handler) {
        return new Bootstrap()
                .group(loop)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(SEND_BUFFER_BYTES / 4, SEND_BUFFER_BYTES))
                .handler(handler);
    }

    Channel rtp() {
        return rtp;
    }

    Channel rtcp() {
        return rtcp;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    /** Whether a session already sends to this client RTCP address; on the loop. */
    boolean taken(InetSocketAddress clientRtcp) {
        return byClientRtcp.containsKey(clientRtcp);
    }

    /** Lets RTCP from {@code clientRtcp} keep {@code session} alive; on the loop. */
    void register(InetSocketAddress clientRtcp, SimSession session) {
        byClientRtcp.put(clientRtcp, session);
    }

    /** Forgets a session's client address; on the loop. */
    void unregister(InetSocketAddress clientRtcp, SimSession session) {
        byClientRtcp.remove(clientRtcp, session);
    }

    /** Closes both sockets and waits. */
    void close() {
        rtp.close().syncUninterruptibly();
        rtcp.close().syncUninterruptibly();
    }

    /** Datagrams to the RTP port (ffmpeg's NAT "punch" packets) carry nothing the simulator needs. */
    @ChannelHandler.Sharable
    private static final class Discard extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // Released by SimpleChannelInboundHandler.
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A datagram socket is shared by every UDP session of the loop: an error for one client (ICMP port
            // unreachable after it left) must not close it.
            LOG.debug("camera simulator RTP socket: {}", cause.toString());
        }
    }

    /**
     * RFC 2326 §12.37: an RTCP packet from the client shows it is alive. Sharable: the bind attempts' channels
     * share it, and only the one that stays open ever reads.
     */
    @ChannelHandler.Sharable
    private static final class ReceiverReports extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Map<InetSocketAddress, SimSession> sessions;

        ReceiverReports(Map<InetSocketAddress, SimSession> sessions) {
            this.sessions = sessions;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            SimSession session = sessions.get(packet.sender());
            if (session != null) {
                session.touch();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("camera simulator RTCP socket: {}", cause.toString());
        }
    }
}
