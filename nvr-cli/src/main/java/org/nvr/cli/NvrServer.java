package org.nvr.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.nvr.cli.api.AuditRoutes;
import org.nvr.cli.api.CameraApi;
import org.nvr.cli.api.ReadyRoutes;
import org.nvr.cli.api.ReloadRoutes;
import org.nvr.cli.api.RecordingRoutes;
import org.nvr.cli.api.ServerRoutes;
import org.nvr.cli.api.SnapshotRoutes;
import org.nvr.cli.api.TokenRoutes;
import org.nvr.cli.api.UserRoutes;
import org.nvr.cli.camera.CameraRuntime;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.camera.FootageEraser;
import org.nvr.cli.camera.OnvifConnector;
import org.nvr.cli.camera.OnvifEvents;
import org.nvr.cli.camera.PtzClients;
import org.nvr.cli.camera.RunningStream;
import org.nvr.cli.config.CameraConfig;
import org.nvr.cli.config.CameraRetentionConfig;
import org.nvr.cli.config.ConfigException;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.cli.config.NvrConfig;
import org.nvr.cli.config.ReloadResult;
import org.nvr.cli.config.RetentionConfig;
import org.nvr.core.admin.AdminServer;
import org.nvr.core.admin.AdminServerOptions;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.rtsp.server.RtspServer;
import org.nvr.core.rtsp.server.RtspServerOptions;
import org.nvr.core.snapshot.SnapshotOptions;
import org.nvr.core.snapshot.Snapshotter;
import org.nvr.onvif.discovery.DiscoveryOptions;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.cameras.CameraSource;
import org.nvr.storage.cameras.H2CameraStore;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;
import org.nvr.storage.events.H2EventLog;
import org.nvr.storage.export.Mp4ExportService;
import org.nvr.storage.playback.IndexRecordingReader;
import org.nvr.storage.users.H2TokenStore;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;
import org.nvr.storage.lifecycle.Quarantine;
import org.nvr.storage.lifecycle.RecoveryReport;
import org.nvr.storage.lifecycle.SegmentDeleter;
import org.nvr.storage.lifecycle.StartupRecovery;
import org.nvr.storage.retention.CameraRetention;
import org.nvr.storage.retention.DiskSpace;
import org.nvr.storage.retention.RetentionPolicy;
import org.nvr.storage.retention.RetentionService;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestStatus;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.Recorder;
import org.nvr.core.record.RecorderPolicy;
import org.nvr.core.record.RecorderStatus;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running NVR, assembled by plain constructor calls (DESIGN.md: no DI container, no static singletons):
 * the index and segment store, the demo camera if enabled, and per camera stream a {@link StreamHub}, a
 * {@link CameraIngest} feeding it and a {@link Recorder} draining it into segments ({@link CameraRuntime}). The
 * cameras are those of nvr.yaml plus those added through the admin API ({@link CameraService}).
 */
public final class NvrServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NvrServer.class);
    private static final String MAIN_STREAM = "main";

    private final NvrConfig config;
    private final Optional<Path> configFile;
    private final MeterRegistry registry;
    private final NvrClock clock;
    private final EventLoopGroup ingestLoops;
    private final EventLoopGroup serveLoops;
    private final ScheduledExecutorService writers;
    private final ThreadPoolExecutor blocking;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            named("nvr-housekeeping", true));
    private final Path recordingsRoot;
    private Database database;
    private H2RecordingIndex index;
    private Fmp4SegmentSink sink;
    private CameraRuntime runtime;
    private CameraService cameras;
    private OnvifConnector onvif;
    private PtzClients ptz;
    private OnvifEvents onvifEvents;
    private H2EventLog events;
    private RetentionService retention;
    private DemoCameraServer demo;
    private H2AuditLog audit;
    private RtspServer rtspServer;
    private AdminServer adminServer;
    private int rtspPort;
    private int adminPort;
    private ConfigReloader reloader;
    /** The file's cameras as last loaded (at start or by a reload), for their own retention. */
    private volatile Map<String, CameraConfig> configuredById = Map.of();

    /** A server that cannot reload its configuration (built from values, not a file). */
    public NvrServer(NvrConfig config, MeterRegistry registry, NvrClock clock) {
        this(config, Optional.empty(), registry, clock);
    }

    /**
     * @param config     the configuration
     * @param configFile the file it was read from, which SIGHUP and {@code POST /api/v1/reload} read again
     * @param registry   meters
     * @param clock      injected clocks
     */
    public NvrServer(NvrConfig config, Optional<Path> configFile, MeterRegistry registry, NvrClock clock) {
        this.config = config;
        this.configFile = configFile;
        this.registry = registry;
        this.clock = clock;
        // One event loop per core runs every camera's sessions: at 200 cameras per core each loop is mostly idle.
        this.ingestLoops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        // File writes block in fsync, mostly waiting on the disk rather than using CPU: a few more writer threads
        // than cores keep one slow fsync from holding up every other camera's recorder. A scheduled pool, so that a
        // recorder's drain can be deferred and handle several units per wake-up (RecorderPolicy.drainDelay).
        this.writers = Executors.newScheduledThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                named("nvr-writer", false));
        // Re-stream clients and admin requests get their own loops, so a burst of clients costs ingest no latency.
        this.serveLoops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        // Work the servers must not do on an event loop: password hashing, audit rows, index queries, opening
        // segment files. Bounded both ways: a flood of logins gets refused (the servers answer 503), never queued
        // without end.
        this.blocking = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                named("nvr-blocking", true));
        // Recordings sit below their own directory, so that no camera id can collide with the index's directory.
        this.recordingsRoot = config.dataDir().resolve("recordings");
    }

    /** Opens storage, then starts the demo camera (if enabled) and every enabled camera's ingest and recorder. */
    public void start() {
        try {
            Files.createDirectories(recordingsRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + recordingsRoot, e);
        }
        database = Database.open(config.dataDir());
        index = new H2RecordingIndex(database, clock);
        SegmentDeleter deleter = new SegmentDeleter(index, recordingsRoot, clock, registry);
        recover(deleter);
        startRetention(deleter);
        sink = new Fmp4SegmentSink(recordingsRoot, new SegmentWriterOptions(config.record().fragmentDuration(),
                config.record().fsyncEachFragment() ? FsyncPolicy.EACH_FRAGMENT : FsyncPolicy.NONE,
                SegmentWriterOptions.defaults().maxFragmentBytes()), registry);
        if (config.demo().enabled()) {
            demo = new DemoCameraServer(DemoClip.generate(640, 360, 25, 50, 25),
                    new InetSocketAddress("127.0.0.1", config.demo().port()), ingestLoops);
            demo.start();
        }
        List<CameraConfig> configured = withDemo(config.cameras());
        runtime = new CameraRuntime(ingestLoops, writers, sink, index,
                new RecorderPolicy(config.record().segmentDuration(), RecorderPolicy.DEFAULT.queueCapacity(),
                        RecorderPolicy.DEFAULT.retryDelay()),
                config.retention().maxAge(), clock, registry, CameraRuntime.DEFAULT_MAX_STREAMS);
        Map<String, Duration> stallTimeouts = new LinkedHashMap<>();
        configured.forEach(c -> stallTimeouts.put(c.id(), c.stallTimeout()));
        onvif = new OnvifConnector(OnvifConnector.DEFAULT_TIMEOUT, clock);
        ptz = new PtzClients(onvif, PtzClients.DEFAULT_MAX_CAMERAS);
        events = new H2EventLog(database);
        onvifEvents = new OnvifEvents(onvif, events, registry, OnvifEvents.DEFAULT_SETTINGS,
                OnvifEvents.DEFAULT_MIN_POLL_INTERVAL, OnvifEvents.DEFAULT_THREADS, CameraRuntime.DEFAULT_MAX_STREAMS);
        cameras = new CameraService(new H2CameraStore(database), runtime, new FootageEraser(index, deleter),
                stallTimeouts, clock, List.of(onvifEvents, ptz));
        cameras.startAll(configured.stream().map(this::stored).toList());
        reloader = configFile.map(file -> new ConfigReloader(file, config, new ConfigLoader(), cameras,
                this::withDemo, this::stored, this::configuredCameras)).orElse(null);
        startServers();
        housekeeping.scheduleAtFixedRate(this::logStatus, 10, 10, TimeUnit.SECONDS);
        log.info("NVR started: {} stream(s), recordings in {}", runtime.streams().size(),
                recordingsRoot.toAbsolutePath());
    }

    /**
     * Before any recorder runs (a file being written would look like a crashed one): finishes interrupted
     * deletions, indexes segments a crash left without a row (cut back to their last complete fragment), and
     * moves unreadable files to quarantine. Never deletes evidence.
     */
    private void recover(SegmentDeleter deleter) {
        try {
            RecoveryReport report = new StartupRecovery(index, deleter, recordingsRoot,
                    new Quarantine(recordingsRoot, quarantineDir())).run();
            if (report.clean()) {
                log.info("storage check at start: {}", report.summary());
            } else {
                log.warn("storage check at start: {}", report.summary());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("startup recovery of " + recordingsRoot + " failed", e);
        }
    }

    private void startRetention(SegmentDeleter deleter) {
        DiskSpace disk;
        try {
            disk = DiskSpace.of(Files.getFileStore(recordingsRoot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read free space of " + recordingsRoot, e);
        }
        RetentionConfig global = config.retention();
        configuredCameras(config.cameras());
        retention = new RetentionService(index, deleter,
                new RetentionPolicy(global.maxAge(), global.maxBytes(), config.storage().minFreeBytes()),
                cameraId -> {
                    // Footage of a camera no longer configured keeps the global ceiling until it expires.
                    Map<String, CameraConfig> byId = configuredById;
                    CameraRetentionConfig own = byId.containsKey(cameraId) ? byId.get(cameraId).retention()
                            : CameraRetentionConfig.NONE;
                    return new CameraRetention(own.effectiveMaxAge(global), own.maxBytes());
                },
                clock, disk, registry);
        retention.start(housekeeping, config.storage().retentionPeriod());
    }

    /** The RTSP re-stream server and the admin endpoint, both checking the index's users and writing its audit. */
    private void startServers() {
        H2UserStore users = new H2UserStore(database, new PasswordHasher(), clock);
        audit = new H2AuditLog(database);
        rtspServer = new RtspServer(new RtspServerOptions(config.rtsp().bind(), config.rtsp().port(),
                config.rtsp().sessionTimeout(), RtspServerOptions.DEFAULTS.maxSessions(),
                RtspServerOptions.DEFAULTS.clientQueueUnits(), RtspServerOptions.DEFAULTS.maxRequestBytes(),
                config.rtsp().allowBasic(), RtspServerOptions.DEFAULTS.maxPayloadBytes(),
                config.rtsp().maxConnectionsPerAddress(), config.rtsp().requestTimeout()),
                runtime,
                new IndexRecordingReader(index, recordingsRoot), users, audit, clock, registry, serveLoops,
                blocking);
        rtspPort = rtspServer.start();
        adminServer = new AdminServer(new AdminServerOptions(config.admin().bind(), config.admin().port(),
                AdminServerOptions.DEFAULTS.maxRequestBodyBytes(), AdminServerOptions.DEFAULTS.maxConnections(),
                AdminServerOptions.DEFAULTS.failedLoginLimit(), AdminServerOptions.DEFAULTS.idleTimeout(),
                config.admin().tls(), config.admin().maxConnectionsPerAddress(), config.admin().requestTimeout()),
                users, audit, new Mp4ExportService(index, recordingsRoot, clock), scrape(registry), clock, registry,
                serveLoops, blocking);
        CameraApi.register(adminServer, cameras, onvif, DiscoveryOptions.defaults(), ptz, events, audit, clock,
                index::bytesByCamera);
        new UserRoutes(users, audit, adminServer.json(), clock, adminServer::forgetCredentials).routes()
                .forEach(adminServer::register);
        new AuditRoutes(audit, adminServer.json()).routes().forEach(adminServer::register);
        new SnapshotRoutes(cameras, new Snapshotter(SnapshotOptions.DEFAULTS), audit, adminServer.json(), clock)
                .routes().forEach(adminServer::register);
        TokenRoutes.install(adminServer, new H2TokenStore(database, clock), audit, clock);
        new RecordingRoutes(index, cameras, adminServer.json()).routes().forEach(adminServer::register);
        new ServerRoutes(config.dataDir(), recordingsRoot, index, cameras, () -> rtspPort, () -> adminPort, clock,
                adminServer.json()).routes().forEach(adminServer::register);
        new ReloadRoutes(this::reload, audit, adminServer.json(), clock).routes().forEach(adminServer::register);
        new ReadyRoutes(index, recordingsRoot, cameras, clock, ReadyRoutes.DEFAULT_MIN_INTERVAL, adminServer.json())
                .routes().forEach(adminServer::register);
        adminPort = adminServer.start();
        log.info("re-stream server on rtsp://{}:{}/<camera>, admin endpoint on http://{}:{}/",
                config.rtsp().bind(), rtspPort, config.admin().bind(), adminPort);
        if (users.count() == 0) {
            log.warn("no NVR users yet: RTSP clients and the admin endpoint will refuse everyone. Stop the server and "
                    + "create one: nvr users add NAME --role admin --data-dir {}", config.dataDir());
        }
    }

    private static Supplier<String> scrape(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus::scrape;
        }
        return () -> "# metrics are not kept in Prometheus form by this server\n";
    }

    private Path quarantineDir() {
        return config.dataDir().resolve("quarantine");
    }

    /** The hub of a camera's main stream, or null. */
    public StreamHub hub(String cameraId) {
        return runtime.hub(new StreamKey(cameraId, MAIN_STREAM)).orElse(null);
    }

    /** The hub of any camera stream, or empty when it is not running (what the RTSP server re-streams). */
    public Optional<StreamHub> hub(StreamKey stream) {
        return runtime.hub(stream);
    }

    /** The ingest status of a camera's main stream, or null. */
    public IngestStatus status(String cameraId) {
        return runtime.stream(new StreamKey(cameraId, MAIN_STREAM)).map(s -> s.ingest().status()).orElse(null);
    }

    /** The ingest status of any camera stream, or empty when it is not running. */
    public Optional<IngestStatus> status(StreamKey stream) {
        return runtime.stream(stream).map(s -> s.ingest().status());
    }

    /** The RTSP re-stream server's port (after {@link #start()}). */
    public int rtspPort() {
        return rtspPort;
    }

    /** The admin endpoint's port (after {@link #start()}). */
    public int adminPort() {
        return adminPort;
    }

    /** The audit log (open after {@link #start()}). */
    public AuditLog audit() {
        return audit;
    }

    /** The cameras and their running streams (after {@link #start()}). */
    public CameraService cameras() {
        return cameras;
    }

    /** The camera events (open after {@link #start()}). */
    public H2EventLog events() {
        return events;
    }

    /** Whether camera {@code cameraId}'s ONVIF event pull point is being polled. */
    public boolean pollingOnvifEvents(String cameraId) {
        return onvifEvents != null && onvifEvents.polling(cameraId);
    }

    /** The admin endpoint's routes (after {@link #start()}), e.g. to check which are public. */
    public List<Route> adminRoutes() {
        return adminServer.routes();
    }

    /** Where segment files live. */
    public Path recordingsRoot() {
        return recordingsRoot;
    }

    /** The recording index (open after {@link #start()}). */
    public H2RecordingIndex index() {
        return index;
    }

    /**
     * Re-reads the configuration file and applies its cameras ({@link ConfigReloader}).
     *
     * @throws ConfigException for a file that does not load (nothing changed)
     * @throws NvrException    FAILED_PRECONDITION when the server was not started from a file
     * @throws IllegalStateException before {@link #start()}
     */
    public ReloadResult reload() {
        if (configFile.isEmpty()) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION,
                    "the NVR was started without a configuration file: nothing to reload");
        }
        ConfigReloader r = reloader;
        if (r == null) {
            throw new IllegalStateException("the NVR is not started yet");
        }
        return r.reload();
    }

    /** The cameras the NVR records from configuration: the demo camera (if it runs) first, then the file's. */
    private List<CameraConfig> withDemo(List<CameraConfig> fromFile) {
        List<CameraConfig> configured = new ArrayList<>(fromFile);
        if (demo != null) {
            configured.add(0, new CameraConfig("demo", demo.url("demo"), null, null, TransportMode.TCP,
                    Duration.ofSeconds(10), true, CameraRetentionConfig.NONE));
        }
        return configured;
    }

    private void configuredCameras(List<CameraConfig> fromFile) {
        Map<String, CameraConfig> byId = new LinkedHashMap<>();
        fromFile.forEach(c -> byId.put(c.id(), c));
        configuredById = Map.copyOf(byId);
    }

    /** A camera of nvr.yaml as the camera store keeps it: source config, the file's values. */
    private StoredCamera stored(CameraConfig camera) {
        Instant now = clock.wallNow();
        return new StoredCamera(camera.id(), camera.enabled(), CameraSource.CONFIG, camera.transport(),
                Optional.empty(), Optional.ofNullable(camera.username()), Optional.ofNullable(camera.password()),
                List.of(new StoredStream(MAIN_STREAM, camera.url(), Optional.empty())), now, now);
    }

    private void logStatus() {
        for (RunningStream stream : runtime.streams()) {
            IngestStatus s = stream.ingest().status();
            RecorderStatus r = stream.recorder().status();
            log.info("camera {}: {} frames={} clock={} reconnects={}; recorder {} segments={} current={}",
                    stream.spec().key(), s.state(), s.frames(), s.clockSource(), s.reconnects(), r.state(),
                    r.segmentsWritten(), r.segmentStartUtc());
        }
    }

    /**
     * Stops cleanly: ingest first (TEARDOWN, no more video), then the recorders (each finishes and indexes its
     * open segment), then the demo camera, the event loops and the database.
     */
    @Override
    public void close() {
        // Clients first: nobody is served video while recording winds down, and every session is torn down.
        if (adminServer != null) {
            adminServer.close();
        }
        if (rtspServer != null) {
            rtspServer.close();
        }
        if (retention != null) {
            retention.stop();
        }
        housekeeping.shutdownNow();
        if (onvifEvents != null) {
            // Before the database closes: a pull in flight still writes its events.
            onvifEvents.close();
        }
        if (runtime != null) {
            // Ingest first (TEARDOWN, no more video), then the recorders (each indexes its open segment), then hubs.
            runtime.stopAll();
        }
        if (demo != null) {
            demo.close();
        }
        ingestLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serveLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdown();
        writers.shutdown();
        try {
            if (!writers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("segment writers still busy after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (database != null) {
            database.close();
        }
        log.info("NVR stopped");
    }

    private static ThreadFactory named(String prefix, boolean daemon) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(daemon);
            return t;
        };
    }
}
