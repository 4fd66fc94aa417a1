package org.nvr.core.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.nvr.core.model.GapCause;

/**
 * A TCP proxy between the NVR and a camera whose link can be broken at runtime, the way real links break:
 *
 * <ul>
 *   <li>{@link Mode#STALL}: nothing is forwarded either way and nothing is read (the sockets' buffers fill and TCP
 *       flow control holds both peers), as behind a congested or frozen router; {@link #pass()} lets the queued
 *       bytes through.</li>
 *   <li>{@link Mode#HALF_OPEN}: bytes are read and thrown away both ways; neither peer learns anything (no FIN,
 *       no RST), as when the other end lost power or a NAT forgot the flow.</li>
 *   <li>{@link Mode#TRICKLE}: at most {@code bytesPerSecond} forwarded each way, in 20 ms slices.</li>
 *   <li>{@link #drop()}: both sides of every connection closed with FIN; {@link #reset()}: with RST
 *       ({@code SO_LINGER} 0). Either mode also applies to connections accepted while it lasts, so a reconnect
 *       fails the same way until {@link #pass()}.</li>
 * </ul>
 *
 * <p>Memory is bounded: each direction holds at most {@value #MAX_PENDING_BYTES} bytes it could not forward yet,
 * and stops reading beyond that. Listens on 127.0.0.1 only. Runs on its own one-thread event loop.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does to the bytes. */
    public enum Mode { PASS, STALL, HALF_OPEN, TRICKLE, DROP, RESET }

    static final int MAX_PENDING_BYTES = 1 << 20;
    /** The rate of {@link #apply}'s trickle: the demo stream sends about 30 KB/s. */
    public static final long FAULT_TRICKLE_BYTES_PER_SECOND = 100;
    private static final long SLICE_MILLIS = 20;

    private final InetSocketAddress upstream;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private Channel server;
    // Loop-confined.
    private Mode mode = Mode.PASS;
    private long trickleBytesPerSecond;

    /** A proxy to {@code upstreamHost:upstreamPort}; call {@link #start()}. */
    public FaultProxy(String upstreamHost, int upstreamPort) {
        this.upstream = new InetSocketAddress(Objects.requireNonNull(upstreamHost, "upstreamHost"), upstreamPort);
    }

    /** Listens on an ephemeral loopback port; returns it. */
    public int start() {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel downstream) {
                        accepted.incrementAndGet();
                        new Link(downstream);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        loop.scheduleAtFixedRate(() -> links.forEach(Link::slice), SLICE_MILLIS, SLICE_MILLIS, TimeUnit.MILLISECONDS);
        return port();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code rtsp://127.0.0.1:<port>/<path>}: the camera's stream {@code path} through this proxy. */
    public String rtspUrl(String path) {
        return "rtsp://127.0.0.1:" + port() + "/" + path;
    }

    /** Forwards everything again (queued bytes first). */
    public void pass() {
        set(Mode.PASS, 0);
    }

    public void stall() {
        set(Mode.STALL, 0);
    }

    public void halfOpen() {
        set(Mode.HALF_OPEN, 0);
    }

    public void trickle(long bytesPerSecond) {
        if (bytesPerSecond < 1000 / SLICE_MILLIS) {
            throw new IllegalArgumentException("at least " + 1000 / SLICE_MILLIS + " bytes/s");
        }
        set(Mode.TRICKLE, bytesPerSecond);
    }

    public void drop() {
        set(Mode.DROP, 0);
    }

    public void reset() {
        set(Mode.RESET, 0);
    }

    /**
     * Starts the fault {@code mode} ({@link Mode#PASS} ends one); a trickle forwards
     * {@value #FAULT_TRICKLE_BYTES_PER_SECOND} bytes a second, far below any video stream's rate, so that no frame
     * completes within a stall timeout.
     */
    public void apply(Mode mode) {
        switch (mode) {
            case PASS -> pass();
            case STALL -> stall();
            case HALF_OPEN -> halfOpen();
            case TRICKLE -> trickle(FAULT_TRICKLE_BYTES_PER_SECOND);
            case DROP -> drop();
            case RESET -> reset();
            default -> throw new IllegalArgumentException(mode.name());
        }
    }

    /**
     * The gap cause the NVR's ingest gives a fault of {@code mode} (CameraIngest, docs/ingest.md "Sessions and
     * retries"): stall, half-open and trickle end with the stall watchdog (network); a reset is a network failure;
     * a FIN is the camera closing the connection.
     */
    public static GapCause expectedCause(Mode mode) {
        if (mode == Mode.PASS) {
            throw new IllegalArgumentException("PASS is no fault");
        }
        return mode == Mode.DROP ? GapCause.CAMERA : GapCause.NETWORK;
    }

    /** Connections accepted so far (each NVR reconnect is one). */
    public long accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openLinks() {
        return links.size();
    }

    /** Bytes forwarded, both ways. */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    /** Sets the mode on the proxy's loop and waits until every link follows it. */
    private void set(Mode next, long bytesPerSecond) {
        loop.submit(() -> {
            mode = next;
            trickleBytesPerSecond = bytesPerSecond;
            links.forEach(Link::apply);
        }).syncUninterruptibly();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        loop.submit(() -> links.forEach(link -> link.close(false))).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One accepted connection and its upstream connection. */
    private final class Link {
        final Channel downstream;
        final Channel upstreamChannel;
        final Pipe toCamera;
        final Pipe toNvr;
        boolean closed;

        Link(Channel downstream) {
            this.downstream = downstream;
            links.add(this);
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter());
            this.upstreamChannel = bootstrap.register().channel();
            this.toCamera = new Pipe(downstream, upstreamChannel);
            this.toNvr = new Pipe(upstreamChannel, downstream);
            downstream.pipeline().addLast(toCamera);
            upstreamChannel.pipeline().addLast(toNvr);
            downstream.closeFuture().addListener(f -> close(false));
            upstreamChannel.closeFuture().addListener(f -> close(false));
            upstreamChannel.connect(upstream).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    close(false);
                } else {
                    apply();
                }
            });
        }

        /** Follows the proxy's mode (on the loop). */
        void apply() {
            if (closed) {
                return;
            }
            if (mode == Mode.DROP || mode == Mode.RESET) {
                close(mode == Mode.RESET);
                return;
            }
            if (!upstreamChannel.isActive()) {
                return;
            }
            toCamera.pump();
            toNvr.pump();
        }

        void slice() {
            if (!closed && upstreamChannel.isActive()) {
                toCamera.slice();
                toNvr.slice();
            }
        }

        void close(boolean rst) {
            if (closed) {
                return;
            }
            closed = true;
            links.remove(this);
            for (Channel c : new Channel[] {downstream, upstreamChannel}) {
                if (rst && c.isOpen()) {
                    // SO_LINGER 0: close() sends RST instead of FIN (RFC 793 §3.5 "abort").
                    c.config().setOption(ChannelOption.SO_LINGER, 0);
                }
                c.close();
            }
            toCamera.release();
            toNvr.release();
        }
    }

    /** One direction of a link: reads from {@code from}, writes to {@code to}, under the proxy's mode. */
    private final class Pipe extends ChannelInboundHandlerAdapter {
        final Channel from;
        final Channel to;
        final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
        long pendingBytes;
        long budgetBytes;

        Pipe(Channel from, Channel to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf) || mode == Mode.HALF_OPEN || !to.isActive()) {
                ReferenceCountUtil.release(msg);
            } else {
                pending.add(buf);
                pendingBytes += buf.readableBytes();
            }
            pump();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // The reverse pipe writes to this channel: let it go on once the channel drains.
            links.forEach(Link::apply);
            ctx.fireChannelWritabilityChanged();
        }

        /** A new trickle slice: refills the budget. */
        void slice() {
            if (mode == Mode.TRICKLE) {
                budgetBytes = Math.max(1, trickleBytesPerSecond * SLICE_MILLIS / 1000);
            }
            pump();
        }

        void pump() {
            if (mode == Mode.PASS || mode == Mode.TRICKLE) {
                boolean wrote = false;
                while (!pending.isEmpty() && to.isWritable()) {
                    ByteBuf head = pending.peekFirst();
                    int n = head.readableBytes();
                    if (mode == Mode.TRICKLE) {
                        if (budgetBytes <= 0) {
                            break;
                        }
                        n = (int) Math.min(n, budgetBytes);
                        budgetBytes -= n;
                    }
                    ByteBuf out = n == head.readableBytes() ? pending.pollFirst() : head.readRetainedSlice(n);
                    pendingBytes -= n;
                    forwardedBytes.addAndGet(n);
                    to.write(out);
                    wrote = true;
                }
                if (wrote) {
                    to.flush();
                }
            } else if (mode == Mode.HALF_OPEN) {
                release();
            }
            boolean read = mode != Mode.STALL && pendingBytes < MAX_PENDING_BYTES && from.isActive();
            from.config().setAutoRead(read);
            if (read) {
                from.read();
            }
        }

        void release() {
            ByteBuf buf;
            while ((buf = pending.pollFirst()) != null) {
                buf.release();
            }
            pendingBytes = 0;
        }
    }
}
