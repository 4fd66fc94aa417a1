package org.nvr.core.rtsp.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.nvr.core.auth.Role;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.record.StreamKey;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;

/** A running {@link RtspServer} on loopback with fake users, audit log and recordings, and real hubs. */
final class ServerFixture implements AutoCloseable {

    static final String USER = "viewer1";
    static final String PASSWORD = "s3cret-Pa55";
    static final StreamKey CAM1 = new StreamKey("cam1", "main");

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final ThreadPoolExecutor blocking = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(64));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeAuditLog audit = new FakeAuditLog();
    final FakeUsers users = new FakeUsers().add(USER, PASSWORD, Role.VIEWER);
    final Map<StreamKey, StreamHub> hubs = new ConcurrentHashMap<>();
    final RtspServer server;
    final int port;

    ServerFixture(RtspServerOptions options, RecordingReader recordings) {
        hubs.put(CAM1, new StreamHub("cam1", "main", HubLimits.DEFAULT, registry));
        server = new RtspServer(options.withBind("127.0.0.1", 0), key -> Optional.ofNullable(hubs.get(key)),
                recordings, users, audit, NvrClock.SYSTEM, registry, group, blocking);
        port = server.start();
    }

    ServerFixture(RtspServerOptions options) {
        this(options, (key, from) -> Optional.empty());
    }

    StreamHub hub() {
        return hubs.get(CAM1);
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + port + path;
    }

    RawRtspClient client() throws java.io.IOException {
        return new RawRtspClient(port, USER, PASSWORD);
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.close();
        hubs.values().forEach(StreamHub::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
    }

}
