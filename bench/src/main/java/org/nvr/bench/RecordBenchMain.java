package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestPolicy;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.record.Recorder;
import org.nvr.core.record.RecorderPolicy;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.rtsp.server.RtspServer;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.playback.IndexRecordingReader;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording NVR of {@code bench/ingest-vs-floor.sh} (phase {@code nvr-record}): {@code --streams N}
 * {@link CameraIngest}s over RTSP/TCP into their {@link StreamHub}s, each drained by a real {@link Recorder} into
 * {@link Fmp4SegmentSink} segment files and an {@link H2RecordingIndex} file database, assembled as
 * {@code NvrServer} assembles them: one event loop per core, a scheduled writer pool of {@code max(4, 2 x cores)} threads,
 * recordings under {@code DATA_DIR/recordings}, the index in {@code DATA_DIR/index}.
 *
 * <p>Options: {@code --url-prefix}, {@code --streams}, {@code --seconds} (run after READY), {@code --threads}
 * (event loops), {@code --writers} (writer threads), {@code --data-dir} (required), {@code --segment-seconds}
 * (default 10, so that a 30 s window holds segment turnover: finishing, fsync of the file and directory, the
 * index insert), {@code --fsync} ({@code each}, default: fdatasync per 1 s fragment; or {@code none}),
 * {@code --drain-delay-ms} ({@link RecorderPolicy#drainDelay()}, default as {@code nvr run}; 0 hands every unit to
 * a writer thread at once),
 * {@code --window-dir} (the script's window markers, {@link WindowMarkers}; without it the window runs from
 * {@code READY} to the end of {@code --seconds}), {@code --restream} ({@code on}: also run the product's
 * {@link RtspServer} over the hubs, as {@code nvr run} does, on its own event loops and with the
 * {@link BenchUsers} operator, so that re-stream clients of another JVM can play {@code /camN} while recording;
 * default {@code off}).
 *
 * <p>Prints {@code RESTREAM rtsp_port=P} (with {@code --restream on}), {@code READY} once every stream delivers
 * video, {@code WINDOW} at the window's end (its length; the fsyncs of {@code nvr.storage.fsync} in it, exactly,
 * through {@link FsyncWindowRegistry}: count, per second, p50, p99, max; the GC pauses in it, {@link GcPauseLog};
 * frames written; the frames lost to the recording and the RTP packets lost; {@code cam1}'s pictures received, to
 * compare with what re-stream clients got), {@code RESULT} after {@code --seconds} (frames written, ingest Mbit/s,
 * losses, drops, segments finished in the run, write and index errors), {@code HEAP} (as {@link IngestBenchMain}),
 * then stops everything cleanly (each recorder finishes and indexes its open segment) and prints {@code VERIFY}
 * ({@link RecordingCheck}: every file scanned and compared with its index row) and {@code SAMPLE} (a full segment for
 * the script to check with ffprobe).
 */
public final class RecordBenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(RecordBenchMain.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final String STREAM = "main";
    /** Most fsyncs whose durations one window keeps: 200 streams x ~1.3 fsyncs/s for 10 minutes fit. */
    private static final int FSYNC_WINDOW_CAPACITY = 1 << 18;
    /** How long after {@code --seconds} the script's end-of-window marker may still come. */
    private static final long MARKER_GRACE_SECONDS = 60;
    /** The camera whose pictures re-stream clients receive ({@code bench/ingest-vs-floor.sh -m}). */
    private static final String RESTREAM_CAMERA = "cam1";

    private RecordBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, Set.of("url-prefix", "streams", "seconds", "threads", "writers",
                "data-dir", "segment-seconds", "fsync", "window-dir", "restream",
                "drain-delay-ms"));
        String prefix = options.string("url-prefix", "rtsp://127.0.0.1:8554/cam");
        int streams = options.integer("streams", 40, 1, 10_000);
        int seconds = options.integer("seconds", 40, 1, 86_400);
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = options.integer("threads", cores, 1, 256);
        // As nvr-cli's NvrServer sizes its writer pool: fsync waits on the disk, not the CPU.
        int writerThreads = options.integer("writers", Math.max(4, 2 * cores), 1, 256);
        int segmentSeconds = options.integer("segment-seconds", 10, RecorderPolicy.MIN_SEGMENT_SECONDS,
                RecorderPolicy.MAX_SEGMENT_SECONDS);
        FsyncPolicy fsync = switch (options.string("fsync", "each")) {
            case "each" -> FsyncPolicy.EACH_FRAGMENT;
            case "none" -> FsyncPolicy.NONE;
            default -> throw new IllegalArgumentException("--fsync is each or none");
        };
        int drainDelayMillis = options.integer("drain-delay-ms", RecorderPolicy.DEFAULT_DRAIN_DELAY_MILLIS, 0,
                RecorderPolicy.MAX_DRAIN_DELAY_MILLIS);
        boolean restream = switch (options.string("restream", "off")) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--restream is on or off");
        };
        WindowMarkers markers = WindowMarkers.of(options.string("window-dir", ""));
        String dataDirOption = options.string("data-dir", "");
        if (dataDirOption.isEmpty()) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        Path dataDir = Path.of(dataDirOption);
        Path recordings = dataDir.resolve("recordings");
        Files.createDirectories(recordings);

        GcPauseLog gc = GcPauseLog.install();
        LatencyWindow fsyncs = new LatencyWindow(FSYNC_WINDOW_CAPACITY);
        long baselineHeap = HeapSample.usedAfterGc();
        MeterRegistry registry = new FsyncWindowRegistry(fsyncs);
        Database database = Database.open(dataDir);
        H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
        Fmp4SegmentSink sink = new Fmp4SegmentSink(recordings, new SegmentWriterOptions(
                SegmentWriterOptions.DEFAULT_FRAGMENT_DURATION, fsync,
                SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES), registry);
        RecorderPolicy policy = new RecorderPolicy(Duration.ofSeconds(segmentSeconds),
                RecorderPolicy.DEFAULT.queueCapacity(), RecorderPolicy.DEFAULT.retryDelay(),
                Duration.ofMillis(drainDelayMillis));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        // Scheduled, as NvrServer's: drains are deferred by the drain delay (RecorderPolicy.drainDelay).
        ExecutorService writers = Executors.newScheduledThreadPool(writerThreads, named("nvr-writer"));

        List<CameraIngest> ingests = new ArrayList<>(streams);
        List<StreamHub> hubs = new ArrayList<>(streams);
        List<Recorder> recorders = new ArrayList<>(streams);
        Map<StreamKey, StreamHub> hubsByKey = new HashMap<>();
        for (int i = 1; i <= streams; i++) {
            String camera = "cam" + i;
            String label = "camera " + camera + "/" + STREAM;
            RtspClientConfig config = RtspClientConfig.of(prefix + i, null, null, TransportMode.TCP);
            StreamHub hub = new StreamHub(camera, STREAM, HubLimits.DEFAULT, registry);
            Recorder recorder = new Recorder(new StreamKey(camera, STREAM), hub, sink, index, policy, writers,
                    NvrClock.SYSTEM, registry);
            CameraIngest ingest = new CameraIngest(label,
                    (loop, listener) -> new RtspClientSession(config, label, loop, NvrClock.SYSTEM, listener),
                    hub, group.next(), NvrClock.SYSTEM, IngestPolicy.DEFAULT,
                    new IngestMetrics(registry, camera, STREAM), new Random(i));
            hubs.add(hub);
            hubsByKey.put(new StreamKey(camera, STREAM), hub);
            recorders.add(recorder);
            ingests.add(ingest);
            recorder.start();
            ingest.start();
        }

        // As nvr run: re-stream sessions get their own event loops and a bounded blocking pool (audit rows, auth).
        EventLoopGroup serveLoops = null;
        ThreadPoolExecutor blocking = null;
        RtspServer server = null;
        if (restream) {
            serveLoops = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
            blocking = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                    named("nvr-blocking"));
            server = BenchRtspServer.create(key -> Optional.ofNullable(hubsByKey.get(key)),
                    new IndexRecordingReader(index, recordings), new H2AuditLog(database), registry, serveLoops,
                    blocking);
            LOG.info("RESTREAM rtsp_port={} users=BenchUsers serve_threads={}", server.start(), threads);
        }

        long startNanos = System.nanoTime();
        int streaming = IngestReadiness.await(ingests);
        long readyNanos = System.nanoTime();
        LOG.info("READY streaming={}/{} after_ms={} threads={} writers={} segment_s={} fsync={} data_dir={}",
                streaming, streams, TimeUnit.NANOSECONDS.toMillis(readyNanos - startNanos), threads, writerThreads,
                segmentSeconds, fsync, dataDir);
        RecordCounters atReady = RecordCounters.read(registry);
        long deadlineNanos = readyNanos + TimeUnit.SECONDS.toNanos(seconds);
        long markerDeadlineNanos = markers.scripted()
                ? deadlineNanos + TimeUnit.SECONDS.toNanos(MARKER_GRACE_SECONDS) : deadlineNanos;

        if (!markers.awaitStart(markerDeadlineNanos)) {
            LOG.warn("the script's window start marker did not come; the window starts now");
        }
        RecordCounters atStart = RecordCounters.read(registry);
        long fileFsyncsAtStart = Meters.timerCount(registry, FsyncWindowRegistry.FSYNC_TIMER, "kind", "file");
        long dirFsyncsAtStart = Meters.timerCount(registry, FsyncWindowRegistry.FSYNC_TIMER, "kind", "directory");
        double cam1AtStart = Meters.counterSum(registry, "nvr.ingest.frames", "camera", RESTREAM_CAMERA);
        WindowFigures window = new WindowFigures(fsyncs, gc);
        window.start();
        if (!markers.awaitEnd(markerDeadlineNanos)) {
            LOG.warn("the script's window end marker did not come; the window ends now");
        }
        RecordCounters inWindow = RecordCounters.read(registry).minus(atStart);
        long fileFsyncs = Meters.timerCount(registry, FsyncWindowRegistry.FSYNC_TIMER, "kind", "file")
                - fileFsyncsAtStart;
        long dirFsyncs = Meters.timerCount(registry, FsyncWindowRegistry.FSYNC_TIMER, "kind", "directory")
                - dirFsyncsAtStart;
        long cam1Frames = (long) (Meters.counterSum(registry, "nvr.ingest.frames", "camera", RESTREAM_CAMERA)
                - cam1AtStart);
        int restreamSessions = server == null ? 0 : server.sessionCount();
        String figures = window.finish();
        LOG.info("WINDOW {} frames={} fps_per_stream={} fsync_file_n={} fsync_directory_n={} dropped_frames={}"
                        + " hub_dropped_units={} recorder_skipped_units={} depacketizer_dropped_frames={}"
                        + " lost_packets={} reconnects={} segments_finished={} write_errors={} index_errors={}"
                        + " cam1_frames={} restream_dropped_units={} restream_sessions={}",
                figures, inWindow.framesWritten(),
                String.format("%.2f", inWindow.framesWritten() / window.seconds() / streams), fileFsyncs, dirFsyncs,
                inWindow.framesDropped(), inWindow.hubDroppedUnits(), inWindow.skippedUnits(),
                inWindow.droppedFrames(), inWindow.lostPackets(), inWindow.reconnects(), inWindow.segmentsFinished(),
                inWindow.writeErrors(), inWindow.indexErrors(), cam1Frames, inWindow.restreamDroppedUnits(),
                restreamSessions);

        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(leftNanos);
        }

        double elapsed = (System.nanoTime() - readyNanos) / 1e9;
        RecordCounters run = RecordCounters.read(registry).minus(atReady);
        LOG.info("RESULT streams={} seconds={} frames={} fps_per_stream={} mbps_per_stream={} lost_packets={}"
                        + " dropped_frames={} reconnects={} hub_dropped_units={} recorder_skipped_units={}"
                        + " segments_finished={} write_errors={} index_errors={}",
                streams, String.format("%.1f", elapsed), run.framesWritten(),
                String.format("%.2f", run.framesWritten() / elapsed / streams),
                String.format("%.3f", run.ingestBytes() * 8 / elapsed / streams / 1e6), run.lostPackets(),
                run.droppedFrames(), run.reconnects(), run.hubDroppedUnits(), run.skippedUnits(),
                run.segmentsFinished(), run.writeErrors(), run.indexErrors());

        // While every stream still runs: GOP caches, recorder queues, the writers' open fragments.
        LOG.info(HeapSample.largest(registry).resultLine(baselineHeap, streams));

        if (server != null) {
            server.close();
            serveLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            blocking.shutdown();
        }
        await(ingests.stream().map(CameraIngest::stop).toList(), "ingest sessions");
        await(recorders.stream().map(Recorder::stop).toList(), "recorders");
        hubs.forEach(StreamHub::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        writers.shutdown();
        if (!writers.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("segment writers still busy after {} s", STOP_TIMEOUT_SECONDS);
        }

        RecordingCheck check = RecordingCheck.run(recordings, index);
        database.close();
        LOG.info("VERIFY indexed_segments={} files={} bytes={} frames={} problems={}{}", check.indexedSegments(),
                check.files(), check.bytes(), check.frames(), check.problems(),
                check.firstProblem() == null ? "" : " first_problem=\"" + check.firstProblem() + "\"");
        if (check.sample() != null) {
            LOG.info("SAMPLE path={} frames={}", check.sample(), check.sampleFrames());
        }
    }

    private static void await(List<CompletableFuture<Void>> futures, String what) throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("not all {} stopped within {} s", what, STOP_TIMEOUT_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("stopping the {} failed: {}", what, e.getCause().toString());
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + "-" + n.incrementAndGet());
    }
}
