package org.nvr.bench.sim;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.time.NvrClock;

/** A running simulator on 127.0.0.1 with two event loops (as on the 2-core machine), closed in reverse order. */
final class SimServerFixture implements AutoCloseable {

    final DemoClip source;
    final PacketizedClip clip;
    final EventLoopGroup group;
    final SimCameraServer server;

    SimServerFixture(SimOptions options) {
        source = SimTestClips.oneSecond();
        clip = PacketizedClip.of(source, options.maxPayloadBytes());
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new SimCameraServer(clip, new InetSocketAddress("127.0.0.1", 0), group, options, NvrClock.SYSTEM);
        try {
            server.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    String url(String stream) {
        return server.url(stream);
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        clip.close();
    }
}
