package org.nvr.storage.fault;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestPolicy;
import org.nvr.core.camera.IngestState;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoServerOptions;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.record.Recorder;
import org.nvr.core.record.RecorderPolicy;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.testing.FaultProxy;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.lifecycle.TestStore;

/**
 * The NVR's recording path, live, for fault tests: the built-in demo camera (TestStore's 160x96 clip, 25 fps, a
 * keyframe every second) on loopback, optionally behind a {@link FaultProxy}, a real RTSP {@link CameraIngest}
 * (stall timeout 1 s, backoff 100 ms to 1 s so that a test runs many faults a minute), a {@link StreamHub}, a
 * {@link Recorder} (10 s segments, 1 s retry) on a two-thread writer pool, 1 s fMP4 fragments fsynced each, and the
 * H2 index. The camera and the NVR each get their own clock, so that either can be stepped.
 */
final class LivePipeline implements AutoCloseable {
    static final StreamKey CAM = new StreamKey("cam-1", "main");
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** The demo clip's keyframe interval. */
    static final Duration GOP = Duration.ofSeconds(1);

    final TestStore store;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventLoopGroup cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final EventLoopGroup ingestLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final ExecutorService writers = Executors.newFixedThreadPool(2);
    final NvrClock cameraClock;
    final NvrClock nvrClock;
    final StreamHub hub;
    final Recorder recorder;
    final FaultProxy proxy;
    private final boolean proxied;
    private DemoCameraServer camera;
    private int cameraPort;
    private CameraIngest ingest;

    /**
     * @param proxied whether the NVR reaches the camera through a {@link FaultProxy}
     */
    LivePipeline(Path dir, boolean proxied, NvrClock cameraClock, NvrClock nvrClock) throws IOException {
        this.store = new TestStore(dir);
        this.cameraClock = cameraClock;
        this.nvrClock = nvrClock;
        this.proxied = proxied;
        this.hub = new StreamHub(CAM.cameraId(), CAM.streamName(), HubLimits.DEFAULT, registry);
        this.recorder = new Recorder(CAM, hub, store.sink, store.index,
                new RecorderPolicy(Duration.ofSeconds(10), RecorderPolicy.DEFAULT_QUEUE_CAPACITY, Duration.ofSeconds(1)),
                writers, nvrClock, registry);
        startCamera(0);
        this.proxy = proxied ? new FaultProxy("127.0.0.1", cameraPort) : null;
    }

    /** Starts the demo camera on {@code port} (0: an ephemeral one, kept for restarts). */
    void startCamera(int port) {
        camera = new DemoCameraServer(TestStore.clip(), new InetSocketAddress("127.0.0.1", port), cameraLoops,
                DemoServerOptions.defaults().withRtcpInterval(Duration.ofMillis(500)), cameraClock);
        cameraPort = camera.start();
    }

    /** Closes the camera (every connection and the listening socket), as a camera that reboots. */
    void killCamera() {
        camera.close();
    }

    void restartCamera() {
        startCamera(cameraPort);
    }

    /** Starts recording and ingest. */
    void start(long seed) {
        String url;
        if (proxied) {
            proxy.start();
            url = proxy.rtspUrl("cam1");
        } else {
            url = camera.url("cam1");
        }
        RtspClientConfig rtsp = new RtspClientConfig(url, null, null, TransportMode.TCP, Duration.ofSeconds(2),
                Duration.ofSeconds(2), RtspClientConfig.DEFAULT_MAX_HEADER_BYTES,
                RtspClientConfig.DEFAULT_MAX_CONTENT_BYTES, RtspClientConfig.DEFAULT_MAX_ACCESS_UNIT_BYTES,
                RtspClientConfig.DEFAULT_UDP_REORDER_PACKETS, RtspClientConfig.DEFAULT_MAX_REDIRECTS);
        String label = "camera " + CAM;
        ingest = new CameraIngest(label, (loop, listener) -> new RtspClientSession(rtsp, label, loop, nvrClock,
                listener), hub, ingestLoops.next(), nvrClock,
                new IngestPolicy(STALL_TIMEOUT, Duration.ofMillis(100), MAX_BACKOFF, 0.2),
                new IngestMetrics(registry, CAM.cameraId(), CAM.streamName()), new Random(seed));
        recorder.start();
        ingest.start();
    }

    CameraIngest ingest() {
        return ingest;
    }

    /** Frames ingested so far. */
    long frames() {
        return ingest.status().frames();
    }

    /** Waits until video flows: streaming, and {@code frames} more frames than now arrived. */
    void awaitFrames(long frames, Duration timeout) throws InterruptedException {
        long target = frames() + frames;
        await("ingest streaming " + frames + " more frames", timeout,
                () -> ingest.status().state() == IngestState.STREAMING && frames() >= target);
    }

    /** Stops ingest, then the recorder (which indexes the open segment). */
    void stopRecording() throws Exception {
        ingest.stop().get(10, TimeUnit.SECONDS);
        recorder.stop().get(10, TimeUnit.SECONDS);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        if (ingest != null) {
            ingest.close();
        }
        recorder.stop().get(10, TimeUnit.SECONDS);
        hub.close();
        if (proxy != null) {
            proxy.close();
        }
        camera.close();
        writers.shutdown();
        writers.awaitTermination(10, TimeUnit.SECONDS);
        ingestLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
    }
}
