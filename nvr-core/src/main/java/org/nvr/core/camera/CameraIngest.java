package org.nvr.core.camera;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtsp.client.MediaListener;
import org.nvr.core.rtsp.client.SessionEnd;
import org.nvr.core.rtsp.client.StreamSession;
import org.nvr.core.rtsp.client.StreamSessionFactory;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one camera stream flowing into its {@link StreamHub} for as long as the NVR runs: opens a session,
 * watches for stalls, and after any failure reconnects forever with exponential backoff (1 s to 30 s, jittered).
 *
 * <p>Each interruption becomes one {@link Gap} in the hub, published when video resumes, carrying the cause of
 * the failure that began it (however many attempts failed meanwhile). All state lives on the camera's event
 * loop; {@link #status()} may be read from any thread.
 */
public final class CameraIngest implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraIngest.class);
    /** After this many failures in a row, log only every tenth, so a dead camera does not flood the log. */
    private static final int LOUD_FAILURES = 3;

    private final String label;
    private final StreamSessionFactory sessions;
    private final StreamHub hub;
    private final EventLoop loop;
    private final NvrClock clock;
    private final IngestPolicy policy;
    private final IngestMetrics metrics;
    private final Backoff backoff;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    // Written on the ingest's event loop; read by status queries from other threads.
    private volatile StreamSession session;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> retry;
    private boolean stopping;
    private long sessionStartNanos;
    private long lastFrameNanos;
    private boolean frameSinceStart;
    private AccessUnit lastUnit;
    private long lastFrameDuration90k = 3600;
    private GapCause interruptionCause;
    private String interruptionDetail;
    private Instant interruptionStart;
    private SessionEnd stallEnd;
    private VideoParameters pendingParameters;
    private volatile IngestStatus status = new IngestStatus(IngestState.CONNECTING, null, null, 0, null, 0);

    /**
     * @param label    how logs name the stream, e.g. {@code camera front-door/main}
     * @param sessions opens a session per attempt
     * @param hub      where access units, parameters and gaps go
     * @param loop     the camera's event loop: sessions, timers and hub publishing run here
     * @param clock    injected clocks
     * @param policy   stall timeout and backoff
     * @param metrics  this stream's meters
     * @param random   jitter source
     */
    public CameraIngest(String label, StreamSessionFactory sessions, StreamHub hub, EventLoop loop, NvrClock clock,
                        IngestPolicy policy, IngestMetrics metrics, RandomGenerator random) {
        this.label = Objects.requireNonNull(label, "label");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.backoff = new Backoff(policy.minBackoff(), policy.maxBackoff(), policy.jitter(), random);
    }

    /** Starts ingest; returns at once. */
    public void start() {
        loop.execute(() -> {
            long tickMillis = Math.min(1000, policy.stallTimeout().toMillis() / 4);
            watchdog = loop.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
            connect();
        });
    }

    /** The latest status; safe from any thread. */
    public IngestStatus status() {
        return status;
    }

    /** The camera's clock minus ours from the running session's Sender Reports; empty when not known. */
    public Optional<Duration> cameraClockOffset() {
        StreamSession current = session;
        return current == null ? Optional.empty() : current.cameraClockOffset();
    }

    /** This stream's meters, for the rates status pages show; safe from any thread. */
    public IngestMetrics metrics() {
        return metrics;
    }

    /** Stops ingest: tears the session down and stops retrying. Completes when the session has ended. */
    public CompletableFuture<Void> stop() {
        loop.execute(() -> {
            if (stopping) {
                return;
            }
            stopping = true;
            if (retry != null) {
                retry.cancel(false);
            }
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (session != null) {
                session.close();
            } else {
                finishStop();
            }
        });
        return stopped;
    }

    @Override
    public void close() {
        stop().join();
        metrics.close();
    }

    private void connect() {
        if (stopping) {
            return;
        }
        setState(IngestState.CONNECTING);
        sessionStartNanos = clock.monotonicNanos();
        frameSinceStart = false;
        stallEnd = null;
        pendingParameters = null;
        StreamSession current = sessions.open(loop, new Listener());
        session = current;
        current.ended().whenComplete((end, error) -> loop.execute(() -> onEnded(current,
                end != null ? end : new SessionEnd(GapCause.CAMERA, String.valueOf(error), false))));
        current.start();
    }

    private void onEnded(StreamSession ended, SessionEnd end) {
        if (ended != session) {
            return;
        }
        session = null;
        metrics.up(false);
        if (stopping) {
            finishStop();
            return;
        }
        SessionEnd effective = end.requested() && stallEnd != null ? stallEnd : end;
        if (interruptionCause == null && lastUnit != null) {
            // The first failure after video flowed begins the interruption; later ones only prolong it.
            interruptionCause = effective.cause();
            interruptionDetail = effective.detail();
            interruptionStart = endOfLastUnit();
        }
        Duration delay = backoff.next();
        int failures = backoff.failures();
        if (failures <= LOUD_FAILURES || failures % 10 == 0) {
            log.warn("{}: {} ({}); retrying in {} ms (failure {} in a row)", label, effective.detail(),
                    effective.cause().name().toLowerCase(java.util.Locale.ROOT), delay.toMillis(), failures);
        }
        IngestStatus s = status;
        status = new IngestStatus(IngestState.BACKOFF, s.lastFrameWall(), s.clockSource(), s.reconnects() + 1,
                effective.detail(), s.frames());
        metrics.reconnect();
        retry = loop.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void finishStop() {
        setState(IngestState.STOPPED);
        stopped.complete(null);
    }

    private void tick() {
        long now = clock.monotonicNanos();
        metrics.tick(now);
        if (session == null || stallEnd != null) {
            return;
        }
        long since = frameSinceStart ? lastFrameNanos : sessionStartNanos;
        if (now - since > policy.stallTimeout().toNanos()) {
            stallEnd = new SessionEnd(GapCause.NETWORK, "no video for " + policy.stallTimeout().toMillis() + " ms",
                    false);
            session.close();
        }
    }

    private void setState(IngestState state) {
        IngestStatus s = status;
        status = new IngestStatus(state, s.lastFrameWall(), s.clockSource(), s.reconnects(), s.lastFailure(),
                s.frames());
    }

    private void onUnit(AccessUnit unit, boolean clockStepped) {
        if (stopping) {
            return;
        }
        long now = clock.monotonicNanos();
        if (!frameSinceStart) {
            frameSinceStart = true;
            backoff.reset();
            metrics.up(true);
            setState(IngestState.STREAMING);
            if (interruptionCause != null) {
                publishGap(interruptionCause, interruptionDetail, interruptionStart, unit.wallClock());
                interruptionCause = null;
                interruptionDetail = null;
                interruptionStart = null;
            }
            if (pendingParameters != null) {
                // Held back until now so that readers see the gap (closing what came before) first.
                hub.publish(pendingParameters);
                pendingParameters = null;
            }
        } else if (clockStepped && lastUnit != null) {
            publishGap(GapCause.CLOCK, "wall clock stepped", endOfLastUnit(), unit.wallClock());
        }
        if (lastUnit != null && unit.pts90k() > lastUnit.pts90k()) {
            lastFrameDuration90k = Math.min(unit.pts90k() - lastUnit.pts90k(), 90_000);
        }
        lastUnit = unit;
        lastFrameNanos = now;
        metrics.frame(unit.payloadBytes(), unit.keyframe(), now);
        IngestStatus s = status;
        status = new IngestStatus(s.state(), unit.wallClock(), unit.clockSource(), s.reconnects(), s.lastFailure(),
                s.frames() + 1);
        hub.publish(unit);
    }

    /**
     * Declares that recording was interrupted before this ingest started, e.g. by an NVR restart: the first unit
     * then publishes a gap from {@code since} (the end of what is already recorded) with this cause. Call before
     * {@link #start()}.
     */
    public void interruptedSince(Instant since, GapCause cause, String detail) {
        interruptionStart = Objects.requireNonNull(since, "since");
        interruptionCause = Objects.requireNonNull(cause, "cause");
        interruptionDetail = Objects.requireNonNull(detail, "detail");
    }

    private Instant endOfLastUnit() {
        return lastUnit.wallClock().plusNanos(lastFrameDuration90k * 1_000_000_000L / 90_000);
    }

    private void publishGap(GapCause cause, String detail, Instant expected, Instant resumedAt) {
        // A clock stepped backwards resumes before the old video ended: the gap then has no length, but is still
        // recorded, since what lies on either side of it does not join.
        Gap gap = resumedAt.isBefore(expected) ? new Gap(resumedAt, resumedAt, cause, detail)
                : new Gap(expected, resumedAt, cause, detail);
        log.info("{}: video resumed after {} ms ({}: {})", label, Duration.between(gap.start(), gap.end()).toMillis(),
                cause.name().toLowerCase(java.util.Locale.ROOT), detail);
        metrics.gap(cause);
        hub.publish(gap);
    }

    private final class Listener implements MediaListener {
        @Override
        public void onParameters(VideoParameters parameters) {
            if (stopping) {
                return;
            }
            if (frameSinceStart) {
                hub.publish(parameters);
            } else {
                pendingParameters = parameters;
            }
        }

        @Override
        public void onAccessUnit(AccessUnit unit, boolean clockStepped) {
            onUnit(unit, clockStepped);
        }

        @Override
        public void onLoss(long lostPackets, long droppedFrames) {
            metrics.loss(lostPackets, droppedFrames);
        }
    }
}
