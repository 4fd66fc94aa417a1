package org.nvr.cli.camera;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.onvif.events.EventPollerSettings;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.events.H2EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONVIF events into the NVR (ONVIF Event Service Specification, pull points): while an ONVIF camera runs, a
 * {@link CameraEventLoop} subscribes to its motion and tamper topics and writes what it pulls to the {@code event}
 * table. The loops share a small scheduler of their own: each pull blocks a thread for at most the pull timeout, and a
 * loop is scheduled again only after its pull returns, so one slow camera holds one thread for its own long poll and
 * never the others for longer. With {@code threads} threads and idle cameras (every pull waiting its full timeout),
 * each camera is pulled about every {@code cameras × pullTimeout / threads}; keep that below a third of the
 * subscription lifetime, when renewal is due ({@link #DEFAULT_SETTINGS}, {@link #DEFAULT_THREADS}: 4 threads, 2 s
 * pulls, 60 s lifetime: up to about 40 cameras; past that a subscription may lapse and is made again). Events wait
 * in the camera's pull point meanwhile.
 *
 * <p>Bounded: one loop (one scheduled task) per running camera, at most {@code maxCameras}. Thread-safe.
 */
public final class OnvifEvents implements CameraWatcher, AutoCloseable {
    /** Scheduler threads by default. */
    public static final int DEFAULT_THREADS = 4;
    /** Shortest time between two pulls of one camera: some firmware answers PullMessages at once, never waiting. */
    public static final Duration DEFAULT_MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * Motion and tamper topics; 2 s pulls (short, so that few threads serve many cameras); 60 s subscriptions, which
     * cameras grant (Axis grants 60 s whatever is asked, and a longer request would then be renewed on every pull);
     * backoff 1 s to 60 s.
     */
    public static final EventPollerSettings DEFAULT_SETTINGS = EventPollerSettings.defaults()
            .withPullTimeout(Duration.ofSeconds(2));

    private static final Logger log = LoggerFactory.getLogger(OnvifEvents.class);

    private final OnvifConnector connector;
    private final H2EventLog events;
    private final MeterRegistry registry;
    private final EventPollerSettings settings;
    private final Duration soapTimeout;
    private final Duration minPollInterval;
    private final int maxCameras;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, CameraEventLoop> loops = new HashMap<>();

    /**
     * @param connector       logs in to the cameras
     * @param events          the event table
     * @param registry        event and error counters
     * @param settings        topics, lifetime, pull timeout, backoff ({@link #DEFAULT_SETTINGS})
     * @param minPollInterval shortest time between two pulls of a camera ({@link #DEFAULT_MIN_POLL_INTERVAL})
     * @param threads         scheduler threads ({@link #DEFAULT_THREADS})
     * @param maxCameras      most cameras polled at once
     */
    public OnvifEvents(OnvifConnector connector, H2EventLog events, MeterRegistry registry,
                       EventPollerSettings settings, Duration minPollInterval, int threads, int maxCameras) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.events = Objects.requireNonNull(events, "events");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.minPollInterval = Objects.requireNonNull(minPollInterval, "minPollInterval");
        if (minPollInterval.isNegative()) {
            throw new IllegalArgumentException("minPollInterval must be >= 0: " + minPollInterval);
        }
        if (threads < 1 || maxCameras < 1) {
            throw new IllegalArgumentException("threads and maxCameras must be >= 1: " + threads + ", " + maxCameras);
        }
        this.maxCameras = maxCameras;
        // The pull's wait plus the connector's per-exchange allowance for the answer itself.
        this.soapTimeout = settings.pullTimeout().plus(OnvifConnector.DEFAULT_TIMEOUT);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "nvr-onvif-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void started(StoredCamera camera) {
        if (camera.onvifUrl().isEmpty()) {
            return;
        }
        synchronized (loops) {
            CameraEventLoop old = loops.remove(camera.id());
            if (old != null) {
                old.stop();
            }
            if (loops.size() >= maxCameras) {
                log.warn("camera {}: not polling ONVIF events: {} cameras are polled already", camera.id(),
                        maxCameras);
                return;
            }
            CameraEventLoop loop = new CameraEventLoop(camera, connector, events, registry, settings, soapTimeout,
                    minPollInterval, scheduler);
            loops.put(camera.id(), loop);
            loop.start();
        }
    }

    @Override
    public void stopped(String cameraId, boolean removed) {
        CameraEventLoop loop;
        synchronized (loops) {
            loop = loops.remove(cameraId);
        }
        if (loop != null) {
            loop.stop();
        }
    }

    /** Whether camera {@code cameraId}'s pull point is being polled. */
    public boolean polling(String cameraId) {
        synchronized (loops) {
            CameraEventLoop loop = loops.get(cameraId);
            return loop != null && loop.polling();
        }
    }

    /** Stops every loop, unsubscribing where no pull is in flight, and waits a pull's time for the scheduler. */
    @Override
    public void close() {
        List<CameraEventLoop> stopping;
        synchronized (loops) {
            stopping = List.copyOf(loops.values());
            loops.clear();
        }
        stopping.forEach(CameraEventLoop::stop);
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(soapTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("ONVIF event polling still busy after {}", soapTimeout);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
        }
    }
}
