package org.nvr.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.nvr.core.rtsp.server.RtspServer;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.playback.IndexRecordingReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code server} of {@link RestreamBenchMain}: the NVR side, in its own process so that the script can read its
 * CPU from {@code /proc/PID/stat} apart from the clients'. An {@link RtspServer} on 127.0.0.1 (ephemeral port) with
 * live video of {@code cam1/main} from a {@link StreamHub} fed by {@link ClipPublisher} at 25 frames/s, recorded
 * video from {@code --data-dir} (written by mode {@code record}) through {@link IndexRecordingReader}, the
 * {@link BenchUsers} operator, and the real {@link H2AuditLog} in the same database (every PLAY writes a row before
 * video goes out). {@code --threads} event loops (default: one per core, as {@code nvr run}), a blocking executor of
 * 4 threads.
 *
 * <p>Prints {@code READY rtsp_port=...}; then, each time the file {@code --heap-trigger} appears, {@code HEAP}
 * ({@link HeapSample} with the sessions open at that moment; the baseline was taken after the server started and
 * the publisher ran for 2 s, before any client) and deletes the file. Runs until killed (TERM: closes cleanly).
 */
final class RestreamServerMode {
    private static final Logger LOG = LoggerFactory.getLogger(RestreamServerMode.class);
    private static final long POLL_MILLIS = 200;
    private static final int BLOCKING_THREADS = 4;
    private static final int BLOCKING_QUEUE = 512;

    private RestreamServerMode() {
    }

    static void run(BenchArgs options) throws Exception {
        Path dataDir = Path.of(options.string("data-dir", ""));
        Path publishLog = Path.of(options.string("publish-log", ""));
        Path heapTrigger = Path.of(options.string("heap-trigger", dataDir.resolve("heap-now").toString()));
        int threads = options.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 64);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Database database = Database.open(dataDir);
        H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
        IndexRecordingReader recordings = new IndexRecordingReader(index, dataDir.resolve("recordings"));
        H2AuditLog audit = new H2AuditLog(database);
        StreamHub hub = new StreamHub(ClipRecording.STREAM.cameraId(), ClipRecording.STREAM.streamName(),
                HubLimits.DEFAULT, registry);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rtsp-loop"),
                NioIoHandler.newFactory());
        ThreadPoolExecutor blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(BLOCKING_QUEUE), new DefaultThreadFactory("rtsp-blocking"));
        RtspServer server = BenchRtspServer.create(
                key -> key.equals(ClipRecording.STREAM) ? Optional.of(hub) : Optional.empty(), recordings, audit,
                registry, group, blocking);
        int port = server.start();

        ClipPublisher publisher = new ClipPublisher(BenchClips.load(options.string("clip", "")), hub, publishLog);
        Thread publishing = new Thread(publisher, "camera-publisher");
        publishing.start();
        Thread.sleep(2000);
        long baseline = HeapSample.usedAfterGc();

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            publisher.stop();
            server.close();
            hub.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            blocking.shutdownNow();
            database.close();
        }, "bench-stop"));
        LOG.info("READY rtsp_port={} threads={} audit=H2AuditLog users=BenchUsers(one operator, in memory)", port,
                threads);

        while (!stop.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (Files.exists(heapTrigger)) {
                int sessions = server.sessionCount();
                HeapSample sample = HeapSample.largest(registry);
                LOG.info("{} sessions={} published_units={} dropped_units_for_clients={}",
                        sample.resultLine(baseline, Math.max(1, sessions)), sessions, publisher.published(),
                        (long) Meters.counterSum(registry, "nvr.rtsp.frames.dropped"));
                Files.deleteIfExists(heapTrigger);
            }
        }
    }
}
