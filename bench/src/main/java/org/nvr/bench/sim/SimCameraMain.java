package org.nvr.bench.sim;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nvr.bench.BenchArgs;
import org.nvr.bench.BenchClips;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera simulator as a process, for {@code bench/ingest-vs-floor.sh -c sim}: a {@link SimCameraServer} on
 * 127.0.0.1 serving any number of {@code /camN} streams of the benchmark clip. Prints {@code READY port=P} once
 * listening, a stats line every {@code --stats-seconds}, and stops cleanly on SIGTERM.
 *
 * <p>Options: {@code --port} (0: any free port), {@code --clip FILE} (default: the {@link BenchClips} clip),
 * {@code --threads} (event loops, default one per core), {@code --jitter-ms J} (each picture at its due time plus
 * 0..J ms, default 0), {@code --loss-percent P} (each RTP packet dropped with probability P %, default 0),
 * {@code --seed} (of every stream's jitter and loss, default 1), {@code --write per-picture|per-packet} (default
 * per-picture), {@code --stats-seconds} (default 5).
 */
public final class SimCameraMain {
    private static final Logger LOG = LoggerFactory.getLogger(SimCameraMain.class);

    private SimCameraMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs arguments = new BenchArgs(args, Set.of("port", "clip", "threads", "jitter-ms", "loss-percent",
                "seed", "write", "stats-seconds"));
        int port = arguments.integer("port", 0, 0, 65535);
        int threads = arguments.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        int statsSeconds = arguments.integer("stats-seconds", 5, 1, 3600);
        SimOptions options = SimOptions.defaults()
                .withImpairments(arguments.integer("jitter-ms", 0, 0, SimOptions.MAX_JITTER_MILLIS),
                        arguments.decimal("loss-percent", 0, 0, 100), arguments.longValue("seed", 1))
                .withWriteMode(WriteMode.parse(arguments.string("write", WriteMode.PER_PICTURE.option())));
        PacketizedClip clip = PacketizedClip.of(BenchClips.load(arguments.string("clip", "")),
                options.maxPayloadBytes());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        SimCameraServer server = new SimCameraServer(clip, new InetSocketAddress("127.0.0.1", port), group, options,
                NvrClock.SYSTEM);
        int bound;
        try {
            bound = server.start();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            clip.close();
            throw e;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            logStats(server.stats());
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            clip.close();
        }, "camera-stop"));
        LOG.info("READY port={} clip=\"{}\" threads={} write={} jitterMs={} lossPercent={} seed={}", bound, clip,
                threads, options.writeMode().option(), options.jitterMillis(), options.lossPercent(), options.seed());
        while (!stop.await(statsSeconds, TimeUnit.SECONDS)) {
            logStats(server.stats());
        }
    }

    /** One line the benchmark script reads ({@code framesSkipped=} as for CameraBenchMain). */
    private static void logStats(SimStats stats) {
        LOG.info("camera connections={} playing={} framesSent={} packetsSent={} packetsLost={} framesSkipped={}"
                        + " framesLate={} sessionsTimedOut={} pendingBytes={}", stats.connections(),
                stats.playingSessions(), stats.framesSent(), stats.packetsSent(), stats.packetsLost(),
                stats.framesSkipped(), stats.framesLate(), stats.sessionsTimedOut(), stats.pendingBytes());
    }
}
