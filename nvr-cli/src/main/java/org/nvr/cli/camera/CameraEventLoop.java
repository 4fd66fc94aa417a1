package org.nvr.cli.camera;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.nvr.onvif.events.EventPoller;
import org.nvr.onvif.events.EventPollerSettings;
import org.nvr.onvif.events.OnvifEvent;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifException;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.events.CameraEvent;
import org.nvr.storage.events.H2EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONVIF event polling of one camera, a task on {@link OnvifEvents}'s scheduler: it logs in to the camera and
 * finds its event service (retrying with backoff while the camera is unreachable), then calls
 * {@link EventPoller#pollOnce()} and schedules itself again when the poll returns, no sooner than the minimum poll
 * interval and the poller's backoff allow. A camera without an event service is not polled at all.
 *
 * <p>Each event becomes an {@code event} row and counts in {@code nvr.onvif.events{camera,kind}}; failed polls
 * count in {@code nvr.onvif.event.errors{camera}} and are logged when the state changes (failing, recovered), not
 * per poll. Stopping never waits for a poll in flight: the loop closes its poller (Unsubscribe) when that poll
 * returns, or at once when none runs.
 */
final class CameraEventLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CameraEventLoop.class);

    private final StoredCamera camera;
    private final URI deviceUrl;
    private final OnvifConnector connector;
    private final H2EventLog events;
    private final MeterRegistry registry;
    private final EventPollerSettings settings;
    private final Duration soapTimeout;
    private final Duration minPollInterval;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
    private final Counter errors;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> next;
    private volatile boolean polling;
    private EventPoller poller;
    private Duration setupBackoff = Duration.ZERO;
    private boolean failing;

    CameraEventLoop(StoredCamera camera, OnvifConnector connector, H2EventLog events, MeterRegistry registry,
                    EventPollerSettings settings, Duration soapTimeout, Duration minPollInterval,
                    ScheduledExecutorService scheduler) {
        this.camera = Objects.requireNonNull(camera, "camera");
        this.deviceUrl = camera.onvifUrl().orElseThrow(() -> new IllegalArgumentException("camera '" + camera.id()
                + "' has no ONVIF address"));
        this.connector = Objects.requireNonNull(connector, "connector");
        this.events = Objects.requireNonNull(events, "events");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.soapTimeout = Objects.requireNonNull(soapTimeout, "soapTimeout");
        this.minPollInterval = Objects.requireNonNull(minPollInterval, "minPollInterval");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.errors = Counter.builder("nvr.onvif.event.errors").tag("camera", camera.id())
                .description("ONVIF event subscriptions or pulls that failed").register(registry);
    }

    /** Schedules the first step at once. */
    void start() {
        schedule(Duration.ZERO);
    }

    /** Whether a pull point is being polled (the camera has an event service and the loop runs). */
    boolean polling() {
        return polling && !stopped;
    }

    @Override
    public void run() {
        Duration delay;
        lock.lock();
        try {
            if (stopped) {
                closePoller();
                return;
            }
            delay = step();
        } catch (RuntimeException e) {
            // Never let one camera's surprise end its loop: count it, say so once, and retry later.
            errors.increment();
            failed("event polling failed: " + e);
            delay = nextSetupBackoff();
        } finally {
            lock.unlock();
        }
        if (stopped) {
            closeIfIdle();
        } else if (delay != null) {
            schedule(delay);
        }
    }

    /** One step; returns the delay before the next, or null when there is nothing to poll. */
    private Duration step() {
        if (poller == null) {
            return setUp();
        }
        Instant start = connector.clock().instant();
        boolean attempt = !start.isBefore(poller.nextAttempt());
        long failuresBefore = poller.stats().failures();
        poller.pollOnce();
        Instant end = connector.clock().instant();
        long failed = poller.stats().failures() - failuresBefore;
        if (failed > 0) {
            errors.increment(failed);
            failed("the event pull point failed; re-subscribing with backoff up to " + settings.maxBackoff());
        } else if (attempt) {
            recovered();
        }
        Duration sinceStart = Duration.between(start, end);
        Duration delay = minPollInterval.minus(sinceStart);
        Duration untilAttempt = Duration.between(end, poller.nextAttempt());
        if (untilAttempt.compareTo(delay) > 0) {
            delay = untilAttempt;
        }
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private Duration setUp() {
        OnvifSession session;
        Optional<URI> service;
        try {
            session = connector.open(deviceUrl, camera.username(), camera.password(), soapTimeout);
            service = session.services().find(Namespaces.EVENTS);
        } catch (OnvifException e) {
            errors.increment();
            failed("cannot reach the camera's event service: " + e.getMessage());
            return nextSetupBackoff();
        }
        if (service.isEmpty()) {
            log.info("camera {}: the device lists no event service; no ONVIF events", camera.id());
            return null;
        }
        poller = new EventPoller(session.soap(), service.get(), settings, this::record, connector.clock());
        setupBackoff = Duration.ZERO;
        polling = true;
        log.info("camera {}: polling ONVIF events at {}", camera.id(), service.get());
        return Duration.ZERO;
    }

    private Duration nextSetupBackoff() {
        setupBackoff = setupBackoff.isZero() ? settings.minBackoff() : setupBackoff.multipliedBy(2);
        if (setupBackoff.compareTo(settings.maxBackoff()) > 0) {
            setupBackoff = settings.maxBackoff();
        }
        return setupBackoff;
    }

    private void failed(String what) {
        if (!failing) {
            failing = true;
            log.warn("camera {}: ONVIF events: {}", camera.id(), what);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("camera {}: ONVIF events: recovered", camera.id());
        }
    }

    /** An event of the camera: an {@code event} row (the camera's time) and the counter of its kind. */
    private void record(OnvifEvent e) {
        if (stopped) {
            // The camera was removed or disabled while this pull was in flight; its meters are gone.
            return;
        }
        String kind = OnvifEventKinds.of(e.topic());
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("topic", e.topic());
        e.propertyOperation().ifPresent(op -> payload.put("operation", op.wire()));
        e.source().forEach((k, v) -> payload.put("source." + k, v));
        e.data().forEach((k, v) -> payload.put("data." + k, v));
        events.append(new CameraEvent(e.utcTime(), Optional.of(camera.id()), kind, payload));
        eventCounters.computeIfAbsent(kind, k -> Counter.builder("nvr.onvif.events").tag("camera", camera.id())
                .tag("kind", k).description("ONVIF events received").register(registry)).increment();
    }

    private void schedule(Duration delay) {
        try {
            next = scheduler.schedule(this, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The scheduler is shutting down with the NVR.
            stopped = true;
        }
        if (stopped) {
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /**
     * Stops polling: no further step runs; the poller is closed (Unsubscribe) at once when no poll is in flight, else
     * by the loop when that poll returns. Removes the camera's meters.
     */
    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
        try {
            // Unsubscribe blocks on the camera: off the caller's thread (which holds the camera service's lock).
            scheduler.execute(this::closeIfIdle);
        } catch (RejectedExecutionException e) {
            closeIfIdle();
        }
        for (Meter m : List.<Meter>copyOf(eventCounters.values())) {
            registry.remove(m);
        }
        registry.remove(errors);
    }

    private void closeIfIdle() {
        if (lock.tryLock()) {
            try {
                closePoller();
            } finally {
                lock.unlock();
            }
        }
    }

    private void closePoller() {
        polling = false;
        if (poller != null) {
            EventPoller p = poller;
            poller = null;
            p.close();
        }
    }
}
