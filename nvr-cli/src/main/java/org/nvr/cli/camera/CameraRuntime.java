package org.nvr.cli.camera;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestPolicy;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.Recorder;
import org.nvr.core.record.RecorderPolicy;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentSink;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.server.LiveSources;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera streams being recorded while the NVR runs, keyed by {@link StreamKey}: starting a stream creates its
 * hub, ingest and recorder; stopping one stops the ingest (TEARDOWN, no more video), then the recorder (the open
 * segment is finished and indexed), then closes the hub. Streams come and go while the NVR runs (the admin API
 * adds, removes, enables and disables cameras), and the RTSP server reads the same map ({@link LiveSources}), so a
 * new stream is re-streamable at once.
 *
 * <p>Thread-safe: the map is concurrent (the RTSP server reads it on event loops), and starts and stops are
 * serialized on this object so that a stream never has two recorders.
 */
public final class CameraRuntime implements LiveSources {
    /** Streams one NVR runs by default: two per camera for a few hundred cameras. */
    public static final int DEFAULT_MAX_STREAMS = 1_024;
    /** How long {@link #stopAll} and {@link #stop} wait for sessions and recorders to finish. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(CameraRuntime.class);

    private final ConcurrentHashMap<StreamKey, RunningStream> running = new ConcurrentHashMap<>();
    private final EventLoopGroup ingestLoops;
    private final Executor writers;
    private final SegmentSink sink;
    private final RecordingIndex index;
    private final RecorderPolicy recorderPolicy;
    private final Duration restartGapWindow;
    private final NvrClock clock;
    private final MeterRegistry registry;
    private final int maxStreams;

    /**
     * @param ingestLoops      runs the camera sessions (owned by the caller)
     * @param writers          runs the recorders' drains (owned by the caller)
     * @param sink             creates segment files
     * @param index            the recordings index
     * @param recorderPolicy   segment duration, queue capacity, retry delay
     * @param restartGapWindow footage older than this (the retention age) gets no gap up to the restart
     * @param clock            injected clocks
     * @param registry         meters of hubs, ingests and recorders
     * @param maxStreams       bound on running streams ({@link #DEFAULT_MAX_STREAMS})
     */
    public CameraRuntime(EventLoopGroup ingestLoops, Executor writers, SegmentSink sink, RecordingIndex index,
                         RecorderPolicy recorderPolicy, Duration restartGapWindow, NvrClock clock,
                         MeterRegistry registry, int maxStreams) {
        this.ingestLoops = Objects.requireNonNull(ingestLoops, "ingestLoops");
        this.writers = Objects.requireNonNull(writers, "writers");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.index = Objects.requireNonNull(index, "index");
        this.recorderPolicy = Objects.requireNonNull(recorderPolicy, "recorderPolicy");
        this.restartGapWindow = Objects.requireNonNull(restartGapWindow, "restartGapWindow");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be >= 1: " + maxStreams);
        }
        this.maxStreams = maxStreams;
    }

    /**
     * Starts recording one stream.
     *
     * @param since why the camera was not recorded until now: the gap from the end of its footage (when within
     *              the restart gap window) gets this cause, so an export shows the hole and why
     * @throws NvrException FAILED_PRECONDITION if the stream runs already; RESOURCE_EXHAUSTED past the bound
     */
    public synchronized void start(StreamSpec spec, Interruption since) {
        StreamKey key = spec.key();
        if (running.containsKey(key)) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "stream " + key + " is already running");
        }
        if (running.size() >= maxStreams) {
            throw new NvrException(NvrException.Kind.RESOURCE_EXHAUSTED, "at most " + maxStreams + " streams run");
        }
        String label = "camera " + key;
        StreamHub hub = new StreamHub(key.cameraId(), key.streamName(), HubLimits.DEFAULT, registry);
        IngestPolicy policy = new IngestPolicy(spec.stallTimeout(), IngestPolicy.DEFAULT.minBackoff(),
                IngestPolicy.DEFAULT.maxBackoff(), IngestPolicy.DEFAULT.jitter());
        CameraIngest ingest = new CameraIngest(label,
                (loop, listener) -> new RtspClientSession(spec.rtsp(), label, loop, clock, listener),
                hub, ingestLoops.next(), clock, policy, new IngestMetrics(registry, key.cameraId(), key.streamName()),
                new Random());
        Recorder recorder = new Recorder(key, hub, sink, index, recorderPolicy, writers, clock, registry);
        index.span(key.cameraId()).ifPresent(span -> {
            if (span.last().isAfter(clock.wallNow().minus(restartGapWindow))) {
                ingest.interruptedSince(span.last(), since.cause(), since.detail());
            }
        });
        running.put(key, new RunningStream(spec, hub, ingest, recorder));
        log.info("{}: recording from {} over {}", label, spec.rtsp().url(), spec.rtsp().transport());
        recorder.start();
        ingest.start();
    }

    /**
     * Stops every stream of {@code cameraId} and waits (up to {@link #STOP_TIMEOUT}) until their segments are
     * indexed.
     *
     * @return the streams stopped
     */
    public synchronized List<StreamKey> stopCamera(String cameraId) {
        List<RunningStream> stopping = new ArrayList<>();
        for (StreamKey key : List.copyOf(running.keySet())) {
            if (key.cameraId().equals(cameraId)) {
                // Out of the map first: the RTSP server stops finding it before its hub closes.
                stopping.add(running.remove(key));
            }
        }
        stopInOrder(stopping);
        return stopping.stream().map(s -> s.spec().key()).toList();
    }

    /** Stops every stream (shutdown): all ingests first, then all recorders, then the hubs. */
    public synchronized void stopAll() {
        List<RunningStream> stopping = new ArrayList<>(running.values());
        running.clear();
        stopInOrder(stopping);
    }

    private void stopInOrder(List<RunningStream> streams) {
        if (streams.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> sessions = streams.stream().map(s -> s.ingest().stop()).toList();
        awaitAll(sessions, "camera sessions");
        awaitAll(streams.stream().map(s -> s.recorder().stop()).toList(), "recorders");
        for (int i = 0; i < streams.size(); i++) {
            RunningStream s = streams.get(i);
            s.hub().close();
            if (sessions.get(i).isDone()) {
                // Removes the ingest's meters; its session has ended, so this does not wait.
                s.ingest().close();
            }
            log.info("camera {}: stopped", s.spec().key());
        }
    }

    @Override
    public Optional<StreamHub> hub(StreamKey key) {
        RunningStream s = running.get(key);
        return s == null ? Optional.empty() : Optional.of(s.hub());
    }

    /** The running stream {@code key}, if any. */
    public Optional<RunningStream> stream(StreamKey key) {
        return Optional.ofNullable(running.get(key));
    }

    /** A snapshot of the running streams. */
    public List<RunningStream> streams() {
        return List.copyOf(running.values());
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures, String what) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("not all {} stopped within {}: {}", what, STOP_TIMEOUT, e.toString());
        }
    }
}
