package org.nvr.core.rtsp.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.netty.OpenConnections;
import org.nvr.core.rtsp.RtspServerCodecs;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NVR's RTSP server (RFC 2326): re-streams live camera streams from their {@code StreamHub}s and plays
 * recordings back, to third-party VMS software, ffmpeg, GStreamer and ONVIF Profile G style replay clients.
 *
 * <p>URLs: {@code rtsp://host:port/<camera>[/<stream>]} (live, stream {@code main} by default), with
 * {@code ?start=<time>} or a PLAY {@code Range: clock=...} for recorded video. Every request but OPTIONS needs a
 * user of at least viewer (Digest MD5 or SHA-256; Basic only when {@link RtspServerOptions#allowBasic()}), and
 * every PLAY is written to the audit log before any video goes out. RTP goes TCP-interleaved or over UDP from one
 * server port pair shared by all sessions.
 *
 * <p>The event loop group must be an NIO one and is owned by the caller, as is the blocking executor (used for
 * the user directory, the audit log and recording files: it should be small and bounded; when it refuses work
 * the request gets 503).
 */
public final class RtspServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);
    private static final int UDP_BIND_ATTEMPTS = 32;
    private static final int UDP_SEND_BUFFER_BYTES = 1 << 20;
    /** Per-connection write buffer: above the high mark the channel is not writable and streamers pause. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final RtspServerOptions options;
    private final EventLoopGroup group;
    private final RtspServerMetrics metrics;
    private final SessionRegistry sessions;
    private final SecureRandom random = new SecureRandom();
    private final OpenConnections connections;
    private final LiveSources live;
    private final RecordingReader recordings;
    private final UserDirectory users;
    private final AuditLog audit;
    private final NvrClock clock;
    private final Executor blockingExecutor;
    private Channel serverChannel;
    private UdpSockets udp;
    private boolean closed;

    /**
     * @param options          bind address, limits and timeouts
     * @param live             the running camera streams
     * @param recordings       recorded video
     * @param users            who may watch (blocking: called on {@code blockingExecutor})
     * @param audit            where each PLAY and each refused login is written (blocking, likewise)
     * @param clock            wall clock for audit rows, monotonic clock for timeouts, pacing and nonces
     * @param registry         where the {@code nvr.rtsp.*} meters go
     * @param group            an NIO event loop group, owned by the caller
     * @param blockingExecutor runs the blocking calls; owned by the caller
     */
    public RtspServer(RtspServerOptions options, LiveSources live, RecordingReader recordings, UserDirectory users,
                      AuditLog audit, NvrClock clock, MeterRegistry registry, EventLoopGroup group,
                      Executor blockingExecutor) {
        this.options = Objects.requireNonNull(options, "options");
        this.live = Objects.requireNonNull(live, "live");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        this.users = Objects.requireNonNull(users, "users");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new RtspServerMetrics(Objects.requireNonNull(registry, "registry"));
        this.group = Objects.requireNonNull(group, "group");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.sessions = new SessionRegistry(options.maxSessions());
        // Each session needs a connection, and a client may hold a few without sessions (OPTIONS probes).
        this.connections = new OpenConnections("RTSP server", 2 * options.maxSessions() + 16,
                options.maxConnectionsPerAddress(), LOG, clock, metrics::connectionRefused);
    }

    /**
     * Binds the UDP port pair and the RTSP port, and starts serving.
     *
     * @return the bound RTSP port (the ephemeral one when the options say port 0)
     * @throws IllegalStateException when a port cannot be bound, naming it
     */
    public synchronized int start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("RTSP server already started or closed");
        }
        InetSocketAddress bind = new InetSocketAddress(options.host(), options.port());
        udp = bindUdpPair(bind);
        RequestAuthenticator authenticator = new RequestAuthenticator(users,
                new NonceService(clock, NonceService.DEFAULT_LIFETIME, random), options.allowBasic());
        ServerContext context = new ServerContext(options, live, recordings, authenticator, audit, clock, metrics,
                blockingExecutor, sessions, udp, random);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initConnection(channel, context);
                    }
                });
        try {
            serverChannel = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            udp.close();
            udp = null;
            throw new IllegalStateException("RTSP server cannot listen on " + options.host() + ":" + options.port()
                    + " ('rtsp.host', 'rtsp.port'): " + e.getMessage(), e);
        }
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("RTSP server listening on {}:{} (UDP {}-{}), Digest auth{}", options.host(), port, udp.rtpPort(),
                udp.rtcpPort(), options.allowBasic() ? " and Basic" : "");
        return port;
    }

    /** Sessions set up now (all connections). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Stops listening, tears down every session (readers and cursors released) and closes every socket. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.closeAll();
        if (udp != null) {
            udp.close();
        }
        metrics.close();
    }

    private void initConnection(SocketChannel channel, ServerContext context) {
        if (!connections.admit(channel)) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        RtspServerCodecs.addTo(pipeline, options.maxRequestBytes(), options.requestTimeout());
        pipeline.addLast("rtsp-server", new RtspConnection(context));
    }

    /** An even RTP port and the next one for RTCP (RFC 3550 §11), on the RTSP bind address. */
    private UdpSockets bindUdpPair(InetSocketAddress bind) {
        Bootstrap rtpBootstrap = udpBootstrap(new IgnoreDatagrams());
        RtcpFromClients rtcpHandler = new RtcpFromClients();
        Bootstrap rtcpBootstrap = udpBootstrap(rtcpHandler);
        for (int attempt = 0; attempt < UDP_BIND_ATTEMPTS; attempt++) {
            ChannelFuture rtpFuture = rtpBootstrap.bind(new InetSocketAddress(bind.getAddress(), 0))
                    .awaitUninterruptibly();
            if (!rtpFuture.isSuccess()) {
                throw new IllegalStateException("RTSP server cannot bind a UDP port on " + options.host()
                        + " ('rtsp.host'): " + rtpFuture.cause(), rtpFuture.cause());
            }
            Channel rtp = rtpFuture.channel();
            int rtpPort = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (rtpPort % 2 == 0 && rtpPort < 65535) {
                ChannelFuture rtcpFuture = rtcpBootstrap.bind(new InetSocketAddress(bind.getAddress(), rtpPort + 1))
                        .awaitUninterruptibly();
                if (rtcpFuture.isSuccess()) {
                    UdpSockets sockets = new UdpSockets(rtp, rtcpFuture.channel(), options.maxSessions());
                    rtcpHandler.sockets = sockets;
                    return sockets;
                }
            }
            rtp.close().syncUninterruptibly();
        }
        throw new IllegalStateException("RTSP server found no free UDP port pair on " + options.host() + " in "
                + UDP_BIND_ATTEMPTS + " attempts");
    }

    private Bootstrap udpBootstrap(ChannelHandler handler) {
        return new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_SNDBUF, UDP_SEND_BUFFER_BYTES)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(UDP_SEND_BUFFER_BYTES / 4, UDP_SEND_BUFFER_BYTES))
                .handler(handler);
    }

    /** Datagrams sent to the RTP port carry nothing the server needs. */
    @ChannelHandler.Sharable
    private static final class IgnoreDatagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // Released by SimpleChannelInboundHandler.
        }
    }

    /** An RTCP packet (receiver report) from a UDP client keeps its session alive (RFC 2326 §12.37). */
    @ChannelHandler.Sharable
    private static final class RtcpFromClients extends SimpleChannelInboundHandler<DatagramPacket> {
        private volatile UdpSockets sockets;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            UdpSockets s = sockets;
            if (s != null) {
                s.rtcpFrom(packet.sender());
            }
        }
    }
}
