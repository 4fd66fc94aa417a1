package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestPolicy;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NVR side of {@code bench/ingest-vs-floor.sh}: {@code --streams N} {@link CameraIngest}s over RTSP/TCP
 * ({@code URL_PREFIX1} .. {@code URL_PREFIXN}), each into its own {@link StreamHub} with one reader that drains it
 * ({@link StreamDrain}), on an event loop group of {@code --threads} loops (default: one per core), as
 * {@code NvrServer} runs cameras.
 *
 * <p>Prints {@code READY} once every stream delivers video (the script measures CPU from then on, after its
 * warm-up), runs {@code --seconds} more, then prints what arrived (frames, Mbit/s per stream, lost packets,
 * dropped frames, reconnects) and the heap in use after a {@code System.gc()} while the streams still run,
 * in total and per stream above the heap used before the first stream opened.
 *
 * <p>With {@code --write-dir DIR} each reader also writes its units to {@code DIR/sNNN.avc} with fdatasync every
 * 512 KiB ({@link FileSink}), so that the NVR pays for the same disk writes as the floor and ffmpeg.
 *
 * <p>With {@code --window-dir DIR} ({@link WindowMarkers}) it also prints {@code WINDOW} at the end of the script's
 * window: its length, those fdatasyncs (count, per second, p50, p99, max), the GC pauses ({@link GcPauseLog}), the
 * units the readers received, and the frames and RTP packets lost in it. Without it the window runs from
 * {@code READY} to the end of {@code --seconds}.
 */
public final class IngestBenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(IngestBenchMain.class);
    private static final int READER_QUEUE_UNITS = 256;
    /** fdatasync interval of {@code --write-dir}, as the floor program's default (512 KiB). */
    private static final long SYNC_BYTES = 512 * 1024;
    /** Most fdatasyncs whose durations one window keeps. */
    private static final int FSYNC_WINDOW_CAPACITY = 1 << 18;
    /** How long after {@code --seconds} the script's end-of-window marker may still come. */
    private static final long MARKER_GRACE_SECONDS = 60;

    private IngestBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, Set.of("url-prefix", "streams", "seconds", "threads", "write-dir",
                "window-dir"));
        String prefix = options.string("url-prefix", "rtsp://127.0.0.1:8554/cam");
        int streams = options.integer("streams", 40, 1, 10_000);
        int seconds = options.integer("seconds", 40, 1, 86_400);
        int threads = options.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        String writeDir = options.string("write-dir", "");
        WindowMarkers markers = WindowMarkers.of(options.string("window-dir", ""));

        GcPauseLog gc = GcPauseLog.install();
        LatencyWindow fsyncs = new LatencyWindow(FSYNC_WINDOW_CAPACITY);
        long baselineHeap = HeapSample.usedAfterGc();

        MeterRegistry registry = new SimpleMeterRegistry();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        List<CameraIngest> ingests = new ArrayList<>(streams);
        List<StreamHub> hubs = new ArrayList<>(streams);
        List<StreamDrain> drains = new ArrayList<>(streams);
        List<FileSink> sinks = new ArrayList<>(streams);
        for (int i = 1; i <= streams; i++) {
            String camera = "cam" + i;
            String label = "camera " + camera + "/main";
            RtspClientConfig config = RtspClientConfig.of(prefix + i, null, null, TransportMode.TCP);
            EventLoop loop = group.next();
            StreamHub hub = new StreamHub(camera, "main", HubLimits.DEFAULT, registry);
            FileSink sink = writeDir.isEmpty() ? null
                    : new FileSink(Path.of(writeDir, String.format("s%03d.avc", i)), SYNC_BYTES, fsyncs);
            sinks.add(sink);
            StreamDrain drain = new StreamDrain(loop, sink);
            drain.attach(hub.subscribe("recorder", READER_QUEUE_UNITS, drain));
            CameraIngest ingest = new CameraIngest(label,
                    (sessionLoop, listener) -> new RtspClientSession(config, label, sessionLoop, NvrClock.SYSTEM,
                            listener),
                    hub, loop, NvrClock.SYSTEM, IngestPolicy.DEFAULT, new IngestMetrics(registry, camera, "main"),
                    new Random(i));
            hubs.add(hub);
            drains.add(drain);
            ingests.add(ingest);
            ingest.start();
        }

        long startNanos = System.nanoTime();
        int streaming = IngestReadiness.await(ingests);
        long readyNanos = System.nanoTime();
        LOG.info("READY streaming={}/{} after_ms={} threads={}", streaming, streams,
                TimeUnit.NANOSECONDS.toMillis(readyNanos - startNanos), threads);
        long unitsAtReady = sum(drains, true);
        long bytesAtReady = sum(drains, false);
        double lostAtReady = Meters.counterSum(registry, "nvr.ingest.packets.lost");
        long deadlineNanos = readyNanos + TimeUnit.SECONDS.toNanos(seconds);
        long markerDeadlineNanos = markers.scripted()
                ? deadlineNanos + TimeUnit.SECONDS.toNanos(MARKER_GRACE_SECONDS) : deadlineNanos;

        if (!markers.awaitStart(markerDeadlineNanos)) {
            LOG.warn("the script's window start marker did not come; the window starts now");
        }
        long unitsAtStart = sum(drains, true);
        long readerDroppedAtStart = readerDropped(drains);
        double lostAtStart = Meters.counterSum(registry, "nvr.ingest.packets.lost");
        double depacketizerDroppedAtStart = Meters.counterSum(registry, "nvr.ingest.frames.dropped");
        double reconnectsAtStart = Meters.counterSum(registry, "nvr.ingest.reconnects");
        WindowFigures window = new WindowFigures(writeDir.isEmpty() ? null : fsyncs, gc);
        window.start();
        if (!markers.awaitEnd(markerDeadlineNanos)) {
            LOG.warn("the script's window end marker did not come; the window ends now");
        }
        long windowUnits = sum(drains, true) - unitsAtStart;
        long windowReaderDropped = readerDropped(drains) - readerDroppedAtStart;
        long windowLost = (long) (Meters.counterSum(registry, "nvr.ingest.packets.lost") - lostAtStart);
        long windowDepacketizerDropped = (long) (Meters.counterSum(registry, "nvr.ingest.frames.dropped")
                - depacketizerDroppedAtStart);
        long windowReconnects = (long) (Meters.counterSum(registry, "nvr.ingest.reconnects") - reconnectsAtStart);
        String figures = window.finish();
        LOG.info("WINDOW {} frames={} fps_per_stream={} dropped_frames={} reader_dropped_units={}"
                        + " depacketizer_dropped_frames={} lost_packets={} reconnects={}", figures, windowUnits,
                String.format("%.2f", windowUnits / window.seconds() / streams),
                windowReaderDropped + windowDepacketizerDropped, windowReaderDropped, windowDepacketizerDropped,
                windowLost, windowReconnects);

        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(leftNanos);
        }

        double elapsed = (System.nanoTime() - readyNanos) / 1e9;
        long units = sum(drains, true) - unitsAtReady;
        long bytes = sum(drains, false) - bytesAtReady;
        LOG.info("RESULT streams={} seconds={} frames={} fps_per_stream={} mbps_per_stream={} lost_packets={}"
                        + " dropped_frames={} reconnects={} reader_dropped_units={}",
                streams, String.format("%.1f", elapsed), units, String.format("%.2f", units / elapsed / streams),
                String.format("%.3f", bytes * 8 / elapsed / streams / 1e6),
                (long) (Meters.counterSum(registry, "nvr.ingest.packets.lost") - lostAtReady),
                (long) Meters.counterSum(registry, "nvr.ingest.frames.dropped"),
                (long) Meters.counterSum(registry, "nvr.ingest.reconnects"), readerDropped(drains));

        // Measured while every stream still runs: what N streams keep live (GOP caches, buffers, sessions).
        LOG.info(HeapSample.largest(registry).resultLine(baselineHeap, streams));

        List<CompletableFuture<Void>> stops = new ArrayList<>();
        ingests.forEach(ingest -> stops.add(ingest.stop()));
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("not every ingest stopped within 10 s");
        }
        hubs.forEach(StreamHub::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        for (FileSink sink : sinks) {
            if (sink != null) {
                sink.close();
            }
        }
    }

    private static long sum(List<StreamDrain> drains, boolean units) {
        long total = 0;
        for (StreamDrain drain : drains) {
            total += units ? drain.units() : drain.bytes();
        }
        return total;
    }

    private static long readerDropped(List<StreamDrain> drains) {
        long total = 0;
        for (StreamDrain drain : drains) {
            total += drain.droppedUnits();
        }
        return total;
    }
}
