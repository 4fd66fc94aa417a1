package org.nvr.core.rtsp.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtp.RtpPacket;
import org.nvr.core.rtp.RtpReorderBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP port pair of one session (RFC 3550 §11: RTP on an even port, RTCP on the next odd one), with a bounded
 * reorder window in front of the receiver. Datagrams from any host but the camera are dropped: RTP ports are
 * guessable, and a stranger must not be able to inject video.
 */
final class UdpMediaChannels {
    private static final Logger log = LoggerFactory.getLogger(UdpMediaChannels.class);
    private static final int FIRST_PORT = 20_000;
    private static final int PORT_PAIRS = 20_000;
    private static final int BIND_ATTEMPTS = 32;
    /** Room for a keyframe burst at several Mbit/s while the event loop is busy elsewhere. */
    private static final int RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;
    /** Largest datagram we read whole; cameras keep RTP under the path MTU, about 1500 bytes. */
    private static final int MAX_DATAGRAM_BYTES = 16 * 1024;

    private final String label;
    private final InetAddress camera;
    private final NioDatagramChannel rtp;
    private final NioDatagramChannel rtcp;
    private final RtpReorderBuffer reorder;
    private final RtpReceiver receiver;
    private InetSocketAddress serverRtcp;
    private long foreignDatagrams;
    private long malformed;

    private UdpMediaChannels(String label, InetAddress camera, DatagramChannel rtp, DatagramChannel rtcp,
                             RtpReceiver receiver, int reorderPackets) {
        this.label = label;
        this.camera = camera;
        this.receiver = receiver;
        this.reorder = new RtpReorderBuffer(reorderPackets);
        this.rtp = new NioDatagramChannel(rtp);
        this.rtcp = new NioDatagramChannel(rtcp);
    }

    /** Binds an even/odd port pair on the wildcard address and registers both channels with {@code loop}. */
    static UdpMediaChannels bind(EventLoop loop, InetAddress camera, RtpReceiver receiver, int reorderPackets,
                                 String label) {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = FIRST_PORT + 2 * ThreadLocalRandom.current().nextInt(PORT_PAIRS / 2);
            DatagramChannel rtp = null;
            DatagramChannel rtcp = null;
            try {
                rtp = open(port);
                rtcp = open(port + 1);
                UdpMediaChannels channels = new UdpMediaChannels(label, camera, rtp, rtcp, receiver, reorderPackets);
                channels.register(loop);
                return channels;
            } catch (IOException e) {
                last = e;
                closeQuietly(rtp, e);
                closeQuietly(rtcp, e);
            }
        }
        throw new UncheckedIOException("no free UDP port pair after " + BIND_ATTEMPTS + " attempts", last);
    }

    int rtpPort() {
        return rtp.localAddress().getPort();
    }

    /** Where the camera sends from (SETUP's server_port): RTCP receiver reports go to its RTCP port. */
    void connectTo(int serverRtpPort, int serverRtcpPort) {
        serverRtcp = new InetSocketAddress(camera, serverRtcpPort);
    }

    /** Sends one RTCP compound packet to the camera; takes ownership of {@code report}. */
    void sendRtcp(ByteBuf report) {
        if (serverRtcp == null || !rtcp.isActive()) {
            report.release();
            return;
        }
        rtcp.writeAndFlush(new DatagramPacket(report, serverRtcp))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    void close() {
        rtp.close();
        rtcp.close();
        rtp.eventLoop().execute(reorder::close);
    }

    private void register(EventLoop loop) {
        for (NioDatagramChannel channel : new NioDatagramChannel[] {rtp, rtcp}) {
            channel.config().setOption(ChannelOption.RCVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES));
            channel.pipeline().addLast(new Handler(channel == rtp));
            loop.register(channel);
        }
    }

    private static DatagramChannel open(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void closeQuietly(DatagramChannel channel, IOException primary) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                primary.addSuppressed(e);
            }
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final boolean isRtp;

        Handler(boolean isRtp) {
            this.isRtp = isRtp;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (!packet.sender().getAddress().equals(camera)) {
                if (foreignDatagrams++ % 1000 == 0) {
                    log.warn("{}: dropped {} datagram(s) from {}, which is not the camera", label, foreignDatagrams,
                            packet.sender().getAddress().getHostAddress());
                }
                return;
            }
            try {
                if (isRtp) {
                    reorder.push(RtpPacket.parse(packet.content()), receiver::onRtp);
                } else {
                    receiver.onRtcp(packet.content());
                }
            } catch (MalformedInputException e) {
                if (malformed++ % 1000 == 0) {
                    log.warn("{}: malformed {} datagram ({} so far): {}", label, isRtp ? "RTP" : "RTCP", malformed,
                            e.getMessage());
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("{}: UDP {} error: {}", label, isRtp ? "RTP" : "RTCP", cause.toString());
        }
    }
}
