package org.nvr.bench.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.nvr.core.netty.OpenConnections;
import org.nvr.core.rtsp.RtspServerCodecs;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera simulator for the whole-process benchmark: an RTSP 1.0 server for {@code /camN} (any name of
 * {@code [A-Za-z0-9_-]}) that streams one {@link PacketizedClip} to every session, cheaply enough that a 2-core
 * machine serves hundreds of 4 Mbit/s streams and the camera is not what the benchmark measures.
 *
 * <p>What makes it cheap: the clip is packetized once, and sessions send slices of its shared payload buffer behind
 * their own headers (no per-session packetizing or copying, {@link InterleavedOutput}); one scheduled task per event
 * loop paces all of that loop's sessions ({@link LoopPacer}); each loop has its own UDP port pair, so UDP sessions
 * never hand writes to another thread ({@link UdpPorts}).
 *
 * <p>What it simulates ({@link SimOptions}): per stream, send jitter and packet loss from a seeded random sequence;
 * per session, a random SSRC, initial sequence number and RTP timestamp offset, and RTCP Sender Reports every
 * {@code rtcpInterval}. A TCP client that reads too slowly gets pictures skipped up to the next keyframe, never an
 * unbounded queue.
 *
 * <p>The event loop group must be an NIO one; the caller owns it and shuts it down after {@link #close()}. The clip
 * too stays the caller's.
 */
public final class SimCameraServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimCameraServer.class);

    private final PacketizedClip clip;
    private final InetSocketAddress bind;
    private final EventLoopGroup group;
    private final SimOptions options;
    private final NvrClock clock;
    private final SimCounters counters = new SimCounters();
    private final SecureRandom random = new SecureRandom();
    private final OpenConnections connections;
    // Filled before the port is bound, read by accepted connections on every loop, emptied at close.
    private final Map<EventLoop, LoopResources> loops = new ConcurrentHashMap<>();
    private volatile Channel serverChannel;

    /** One event loop's pacer and UDP ports. */
    private record LoopResources(LoopPacer pacer, UdpPorts udp) {
    }

    /**
     * @param clip    what every session streams, in a loop
     * @param bind    address and port to listen on (port 0 for any free port); UDP binds the same address
     * @param group   an NIO event loop group, owned by the caller
     * @param options impairments, timings and bounds
     * @param clock   monotonic clock for pacing, wall clock for the Sender Reports
     */
    public SimCameraServer(PacketizedClip clip, InetSocketAddress bind, EventLoopGroup group, SimOptions options,
                           NvrClock clock) {
        this.clip = Objects.requireNonNull(clip, "clip");
        this.bind = Objects.requireNonNull(bind, "bind");
        this.group = Objects.requireNonNull(group, "group");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connections = new OpenConnections("camera simulator", options.maxConnections(), LOG);
    }

    /**
     * Binds each event loop's UDP port pair and the RTSP port, and starts serving.
     *
     * @return the bound RTSP port
     */
    public synchronized int start() {
        if (serverChannel != null) {
            throw new IllegalStateException("camera simulator already started");
        }
        try {
            for (EventExecutor executor : group) {
                EventLoop loop = (EventLoop) executor;
                // UDP first, so that every accepted connection can offer UDP.
                loops.put(loop, new LoopResources(new LoopPacer(loop, clock), UdpPorts.bind(loop, bind.getAddress())));
            }
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    // A picture is one flush: send it now, do not wait for an ACK to coalesce (Nagle).
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(options.writeBufferLowBytes(), options.writeBufferHighBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            initConnection(channel);
                        }
                    });
            serverChannel = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            // syncUninterruptibly rethrows a failed bind's BindException as it is, checked or not.
            closeLoops();
            throw new IllegalStateException("camera simulator cannot bind " + bind, e);
        }
        LOG.debug("camera simulator serving {} ({}; {} event loops, each with its own UDP port pair)", url("cam1"),
                clip, loops.size());
        return port();
    }

    /** The bound RTSP port. */
    public int port() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("camera simulator not started");
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The URL of stream {@code name}, e.g. {@code rtsp://127.0.0.1:8554/cam1}; a wildcard address as loopback. */
    public String url(String name) {
        InetAddress address = bind.getAddress();
        if (address == null || address.isAnyLocalAddress()) {
            address = InetAddress.getLoopbackAddress();
        }
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        return "rtsp://" + host + ":" + port() + "/" + name;
    }

    /** What the server has done so far; callable from any thread. */
    public SimStats stats() {
        long pending = 0;
        for (Channel channel : connections.channels()) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer != null) {
                pending += buffer.totalPendingWriteBytes();
            }
        }
        return new SimStats(connections.count(), counters.playingSessions.get(), counters.framesSent.sum(),
                counters.packetsSent.sum(), counters.packetsLost.sum(), counters.framesSkipped.sum(),
                counters.framesLate.sum(), counters.sessionsTimedOut.sum(), pending);
    }

    /** Stops listening, closes every connection (which ends its sessions), then the pacers and UDP ports. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.closeAll();
        closeLoops();
    }

    private void closeLoops() {
        for (LoopResources resources : loops.values()) {
            LoopPacer pacer = resources.pacer();
            if (!pacer.loop().isShuttingDown()) {
                pacer.loop().submit(pacer::close).syncUninterruptibly();
            }
            resources.udp().close();
        }
        loops.clear();
    }

    private void initConnection(SocketChannel channel) {
        if (!connections.admit(channel)) {
            return;
        }
        LoopResources resources = loops.get(channel.eventLoop());
        if (resources == null) {
            channel.close(); // closing down: the loops' resources are gone
            return;
        }
        RtspServerCodecs.addTo(channel.pipeline(), options.maxRequestBytes());
        channel.pipeline().addLast("camera-simulator", new SimRtspHandler(clip, options, clock, counters,
                resources.pacer(), resources.udp(), random));
    }
}
