package org.nvr.core.demo;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.nvr.core.netty.OpenConnections;
import org.nvr.core.rtsp.RtspServerCodecs;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NVR's built-in DEMO CAMERA: a small RTSP server that streams a {@link DemoClip} in a loop the way an IP
 * camera streams H.264, so that the NVR records something on a machine with no camera, and tests and
 * benchmarks have a source that costs little CPU. <b>It is a test source, not a real camera</b>: the SDP's
 * session name says so, the picture shows the word DEMO, and the start-up log line says so.
 *
 * <p>Any path made of {@code [A-Za-z0-9_-]} names a camera ({@code /demo}, {@code /cam1} ... {@code /cam200}),
 * and every session is an independent stream with its own random SSRC, sequence number and timestamp, paced
 * in real time on its connection's event loop. RTP goes over TCP interleaved channels (one write per picture)
 * or UDP from the server's port pair; RTCP Sender Reports go out every {@code rtcpInterval}. Slow clients skip
 * to the next keyframe instead of growing a queue (see {@link DemoServerOptions} for every bound).
 *
 * <p>The event loop group must be an NIO one (e.g. {@code new MultiThreadIoEventLoopGroup(
 * NioIoHandler.newFactory())}); the caller owns and shuts it down.
 */
public final class DemoCameraServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCameraServer.class);
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int UDP_BIND_ATTEMPTS = 32;
    private static final int UDP_SEND_BUFFER_BYTES = 1 << 20;

    private final DemoClip clip;
    private final InetSocketAddress bind;
    private final EventLoopGroup group;
    private final DemoServerOptions options;
    private final NvrClock clock;
    private final DemoCounters counters = new DemoCounters();
    private final SecureRandom random = new SecureRandom();
    private final OpenConnections connections;
    private final Map<InetSocketAddress, DemoStream> rtcpSenders = new ConcurrentHashMap<>();
    private volatile Channel serverChannel;
    private volatile DemoUdpSockets udp;

    /** A server with {@link DemoServerOptions#defaults()} and the system clock. */
    public DemoCameraServer(DemoClip clip, InetSocketAddress bind, EventLoopGroup group) {
        this(clip, bind, group, DemoServerOptions.defaults(), NvrClock.SYSTEM);
    }

    /**
     * @param clip    what every session streams, in a loop
     * @param bind    address and port to listen on (port 0 for an ephemeral one); UDP binds the same address
     * @param group   an NIO event loop group, owned by the caller; each connection is paced on its own loop
     * @param options limits and timings
     * @param clock   wall clock for RTCP Sender Reports, monotonic clock for pacing and timeouts
     */
    public DemoCameraServer(DemoClip clip, InetSocketAddress bind, EventLoopGroup group, DemoServerOptions options,
                            NvrClock clock) {
        this.clip = Objects.requireNonNull(clip, "clip");
        this.bind = Objects.requireNonNull(bind, "bind");
        this.group = Objects.requireNonNull(group, "group");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connections = new OpenConnections("demo camera", options.maxConnections(), LOG);
    }

    /**
     * Binds the RTSP port and the UDP port pair and starts serving.
     *
     * @return the bound RTSP port (the ephemeral one when {@code bind}'s port is 0)
     */
    public synchronized int start() {
        if (serverChannel != null) {
            throw new IllegalStateException("demo camera already started");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.writeBufferLowBytes(), options.writeBufferHighBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initConnection(channel);
                    }
                });
        if (options.socketSendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, options.socketSendBufferBytes());
        }
        // UDP first, so that every accepted connection can offer UDP.
        udp = bindUdpPair();
        try {
            serverChannel = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            udp.rtp().close().syncUninterruptibly();
            udp.rtcp().close().syncUninterruptibly();
            udp = null;
            throw new IllegalStateException("demo camera cannot bind " + bind, e);
        }
        LOG.info("demo camera (built-in test source, not a real camera) serving {} (any path of [A-Za-z0-9_-];"
                        + " {}; UDP from ports {}-{})", url("demo"), clip, udp.rtpPort(), udp.rtpPort() + 1);
        return port();
    }

    /** The bound RTSP port. */
    public int port() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("demo camera not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * The URL of camera {@code path} on this server, e.g. {@code rtsp://127.0.0.1:8554/cam1}. A wildcard bind
     * address is given as the loopback address.
     *
     * @param path a stream name of 1..64 characters of {@code [A-Za-z0-9_-]}
     */
    public String url(String path) {
        if (!STREAM_NAME.matcher(path).matches()) {
            throw new IllegalArgumentException("demo camera path '" + path + "' is not 1..64 of [A-Za-z0-9_-]");
        }
        InetAddress address = bind.getAddress();
        if (address == null || address.isAnyLocalAddress()) {
            address = InetAddress.getLoopbackAddress();
        }
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return "rtsp://" + host + ":" + port() + "/" + path;
    }

    /** What the server is doing now. */
    public DemoServerStats stats() {
        long pending = 0;
        for (Channel channel : connections.channels()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer != null) {
                pending += buffer.totalPendingWriteBytes();
            }
        }
        return new DemoServerStats(connections.count(), counters.playingSessions.get(), counters.framesSent.sum(),
                counters.framesSkipped.sum(), pending);
    }

    /** Stops listening and closes every connection and the UDP sockets; waits for them to close. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.closeAll();
        if (udp != null) {
            udp.rtp().close().syncUninterruptibly();
            udp.rtcp().close().syncUninterruptibly();
        }
    }

    private void initConnection(SocketChannel channel) {
        if (!connections.admit(channel)) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        RtspServerCodecs.addTo(pipeline, options.maxRequestBytes());
        pipeline.addLast("demo-camera", new DemoRtspHandler(clip, options, clock, counters, udp, random));
    }

    /** An even RTP port and the next one for RTCP (RFC 3550 §11), on the RTSP bind address. */
    private DemoUdpSockets bindUdpPair() {
        Bootstrap rtpBootstrap = udpBootstrap(new DiscardDatagrams());
        Bootstrap rtcpBootstrap = udpBootstrap(new RtcpFromClients(rtcpSenders));
        InetAddress address = bind.getAddress();
        for (int attempt = 0; attempt < UDP_BIND_ATTEMPTS; attempt++) {
            int wanted = options.udpRtpPort();
            ChannelFuture rtpFuture = rtpBootstrap.bind(new InetSocketAddress(address, wanted)).awaitUninterruptibly();
            if (!rtpFuture.isSuccess()) {
                throw new IllegalStateException("demo camera cannot bind UDP port " + wanted, rtpFuture.cause());
            }
            Channel rtp = rtpFuture.channel();
            int rtpPort = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (rtpPort % 2 == 0 && rtpPort < 65535) {
                ChannelFuture rtcpFuture = rtcpBootstrap.bind(new InetSocketAddress(address, rtpPort + 1))
                        .awaitUninterruptibly();
                if (rtcpFuture.isSuccess()) {
                    return new DemoUdpSockets(rtp, rtcpFuture.channel(), rtpPort, rtcpSenders);
                }
            }
            rtp.close().syncUninterruptibly();
            if (wanted != 0) {
                throw new IllegalStateException("demo camera cannot bind UDP port " + (wanted + 1));
            }
        }
        throw new IllegalStateException("demo camera found no free UDP port pair in " + UDP_BIND_ATTEMPTS
                + " attempts");
    }

    private Bootstrap udpBootstrap(SimpleChannelInboundHandler<DatagramPacket> handler) {
        return new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_SNDBUF, UDP_SEND_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(UDP_SEND_BUFFER_BYTES / 4, UDP_SEND_BUFFER_BYTES))
                .handler(handler);
    }

    /** Datagrams sent to the RTP port carry nothing the demo camera needs. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class DiscardDatagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // Released by SimpleChannelInboundHandler.
        }
    }

    /** An RTCP packet (a receiver report) from a UDP client keeps its session alive (RFC 2326 §12.37). */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class RtcpFromClients extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Map<InetSocketAddress, DemoStream> senders;

        RtcpFromClients(Map<InetSocketAddress, DemoStream> senders) {
            this.senders = senders;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            DemoStream stream = senders.get(packet.sender());
            if (stream != null) {
                stream.touch();
            }
        }
    }
}
