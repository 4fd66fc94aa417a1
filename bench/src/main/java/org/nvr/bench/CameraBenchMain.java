package org.nvr.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.demo.DemoServerOptions;
import org.nvr.core.demo.DemoServerStats;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera side of {@code bench/ingest-vs-floor.sh}: a {@link DemoCameraServer} on 127.0.0.1 serving any
 * number of {@code /camN} streams of one Annex-B clip (each session its own stream, one write per picture).
 * Prints {@code READY port=P} once listening, a stats line every {@code --stats-seconds}, and runs until it is
 * terminated (SIGTERM closes the server cleanly).
 *
 * <p>Options: {@code --port} (0: any free port), {@code --clip FILE} (default: the {@link BenchClips} clip),
 * {@code --threads} (event loops, default: one per core), {@code --stats-seconds} (default 5).
 */
public final class CameraBenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(CameraBenchMain.class);
    private static final int MAX_CONNECTIONS = 4096;

    private CameraBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, Set.of("port", "clip", "threads", "stats-seconds"));
        int port = options.integer("port", 0, 0, 65535);
        int threads = options.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        int statsSeconds = options.integer("stats-seconds", 5, 1, 3600);
        DemoClip clip = BenchClips.load(options.string("clip", ""));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        DemoCameraServer server = new DemoCameraServer(clip, new InetSocketAddress("127.0.0.1", port), group,
                DemoServerOptions.defaults().withMaxConnections(MAX_CONNECTIONS), NvrClock.SYSTEM);
        int bound = server.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            logStats(server.stats());
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }, "camera-stop"));
        LOG.info("READY port={} clip=\"{}\" threads={}", bound, clip, threads);
        while (!stop.await(statsSeconds, TimeUnit.SECONDS)) {
            logStats(server.stats());
        }
    }

    private static void logStats(DemoServerStats stats) {
        LOG.info("camera connections={} playing={} framesSent={} framesSkipped={} pendingBytes={}",
                stats.connections(), stats.playingSessions(), stats.framesSent(), stats.framesSkipped(),
                stats.pendingOutboundBytes());
    }
}
