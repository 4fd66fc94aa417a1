package org.nvr.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nvr.cli.config.CameraConfig;
import org.nvr.cli.config.NvrConfig;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestPolicy;
import org.nvr.core.camera.IngestStatus;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running NVR, assembled by plain constructor calls (DESIGN.md: no DI container, no static singletons):
 * the demo camera if enabled, one {@link StreamHub} and one {@link CameraIngest} per camera.
 */
public final class NvrServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NvrServer.class);
    private static final String MAIN_STREAM = "main";

    private final NvrConfig config;
    private final MeterRegistry registry;
    private final NvrClock clock;
    private final EventLoopGroup ingestLoops;
    private final Map<String, CameraIngest> ingests = new LinkedHashMap<>();
    private final Map<String, StreamHub> hubs = new LinkedHashMap<>();
    private final ScheduledExecutorService statusLog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nvr-status");
        t.setDaemon(true);
        return t;
    });
    private DemoCameraServer demo;

    public NvrServer(NvrConfig config, MeterRegistry registry, NvrClock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        // One event loop per core runs every camera's sessions: at 200 cameras per core each loop is mostly idle.
        this.ingestLoops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
    }

    /** Starts the demo camera (if enabled) and ingest of every enabled camera. */
    public void start() {
        List<CameraConfig> cameras = new ArrayList<>(config.cameras());
        if (config.demo().enabled()) {
            demo = new DemoCameraServer(DemoClip.generate(640, 360, 25, 50, 25),
                    new InetSocketAddress("127.0.0.1", config.demo().port()), ingestLoops);
            demo.start();
            cameras.add(0, new CameraConfig("demo", demo.url("demo"), null, null,
                    org.nvr.core.rtsp.client.TransportMode.TCP, java.time.Duration.ofSeconds(10), true,
                    org.nvr.cli.config.CameraRetentionConfig.NONE));
        }
        for (CameraConfig camera : cameras) {
            if (camera.enabled()) {
                startCamera(camera);
            } else {
                log.info("camera {}: disabled in the config", camera.id());
            }
        }
        statusLog.scheduleAtFixedRate(this::logStatus, 10, 10, TimeUnit.SECONDS);
        log.info("NVR started: {} camera(s)", ingests.size());
    }

    /** The hub of a camera's main stream, or null. */
    public StreamHub hub(String cameraId) {
        return hubs.get(cameraId);
    }

    /** The ingest status of a camera's main stream, or null. */
    public IngestStatus status(String cameraId) {
        CameraIngest ingest = ingests.get(cameraId);
        return ingest == null ? null : ingest.status();
    }

    private void startCamera(CameraConfig camera) {
        String label = "camera " + camera.id() + "/" + MAIN_STREAM;
        RtspClientConfig rtsp = RtspClientConfig.of(camera.url(), camera.username(), camera.password(),
                camera.transport());
        StreamHub hub = new StreamHub(camera.id(), MAIN_STREAM, HubLimits.DEFAULT, registry);
        IngestPolicy policy = new IngestPolicy(camera.stallTimeout(), IngestPolicy.DEFAULT.minBackoff(),
                IngestPolicy.DEFAULT.maxBackoff(), IngestPolicy.DEFAULT.jitter());
        CameraIngest ingest = new CameraIngest(label,
                (loop, listener) -> new RtspClientSession(rtsp, label, loop, clock, listener),
                hub, ingestLoops.next(), clock, policy, new IngestMetrics(registry, camera.id(), MAIN_STREAM),
                new Random());
        hubs.put(camera.id(), hub);
        ingests.put(camera.id(), ingest);
        log.info("{}: ingest from {} over {}", label, camera.url(), camera.transport());
        ingest.start();
    }

    private void logStatus() {
        ingests.forEach((id, ingest) -> {
            IngestStatus s = ingest.status();
            log.info("camera {}: {} frames={} last={} clock={} reconnects={}", id, s.state(), s.frames(),
                    s.lastFrameWall(), s.clockSource(), s.reconnects());
        });
    }

    /** Stops every camera (TEARDOWN), then the demo camera and the event loops. */
    @Override
    public void close() {
        statusLog.shutdownNow();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        ingests.values().forEach(ingest -> stops.add(ingest.stop()));
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("not every camera stopped within 5 s: {}", e.toString());
        }
        if (demo != null) {
            demo.close();
        }
        ingestLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("NVR stopped");
    }
}
