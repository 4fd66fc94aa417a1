package org.nvr.core.record;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nvr.core.model.StreamItem;
import org.nvr.core.stream.HubReader;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera stream: reads its {@link StreamHub} and turns the items into segment files
 * ({@link SegmentSink}) and index rows ({@link RecordingIndex}), by the rules of {@link StreamRecording}.
 *
 * <p>Threading: many recorders share a small executor (2 to 4 threads for 200 cameras). The hub's publisher
 * (a camera's event loop) only schedules a drain; all file and index I/O, which blocks (fsync), runs in the
 * drain on {@code writerExecutor}. At most one drain of a recorder is scheduled or running at a time, and a
 * drain handles at most {@value #DRAIN_BATCH} items before it yields the thread to other cameras. When the executor
 * is a {@link ScheduledExecutorService}, the hub's wake-up schedules the drain {@link RecorderPolicy#drainDelay()}
 * later, so that one hand-off to a writer thread handles several units (a thread wake-up per unit cost about 8 % of
 * a core at 200 cameras; docs/performance.md); starting and stopping drain at once. A recorder
 * that cannot keep up never slows the camera: its bounded hub queue drops units up to the next keyframe (the
 * hub counts them) and the recorder records the hole as a gap.
 *
 * <p>Failures never stop a recorder. A write error ends the segment at its last complete fragment and indexes
 * that part at once (or, when even that fails, leaves the file to startup recovery), is logged once per episode, and pauses recording until {@link RecorderPolicy#retryDelay()} has passed
 * and a keyframe arrives; the lost span becomes a {@link org.nvr.core.model.GapCause#DISK} gap. A failed index
 * write is kept in a bounded list ({@value #MAX_PENDING_INDEX_WRITES}) and retried before the next one: the
 * segment's file is already durable, and startup recovery would find it even if the row never gets written.
 * The first sequence number is read from the index when the first segment opens, on the drain.
 */
public final class Recorder {
    /** Items one drain handles before rescheduling itself, so that a busy camera cannot starve the others. */
    static final int DRAIN_BATCH = 500;
    /** Index writes kept for retry while the index fails: about half an hour of one-minute segments. */
    static final int MAX_PENDING_INDEX_WRITES = 32;
    /** The hub reader role (a metric tag). */
    static final String READER_ROLE = "recorder";

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final StreamKey stream;
    private final StreamHub hub;
    private final RecorderPolicy policy;
    private final Executor writerExecutor;
    private final RecorderMetrics metrics;
    private final StreamRecording recording;
    private final Runnable drainTask = this::drain;
    /** Non-null when drains may be deferred: the writer pool, seen as a scheduler. */
    private final ScheduledExecutorService deferringExecutor;
    private final long drainDelayNanos;
    /** True while a drain is scheduled or running; stays true once the recorder has shut down. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile HubReader reader;
    private volatile long droppedAtSubscribe;
    private volatile boolean stopRequested;
    private volatile RecorderStatus status = RecorderStatus.initial();
    private boolean started;
    /** Drain-confined. */
    private boolean baselineSet;
    private boolean failureLogged;

    /**
     * @param stream         the camera stream
     * @param hub            its hub
     * @param sink           creates segment files
     * @param index          the recordings index
     * @param policy         segment duration, queue capacity, retry delay
     * @param writerExecutor runs the drains (shared by many recorders)
     * @param clock          injected clocks (monotonic time paces the retry after write errors)
     * @param registry       where the {@code nvr.record.*} meters go (removed on stop)
     */
    public Recorder(StreamKey stream, StreamHub hub, SegmentSink sink, RecordingIndex index, RecorderPolicy policy,
                    Executor writerExecutor, NvrClock clock, MeterRegistry registry) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.writerExecutor = Objects.requireNonNull(writerExecutor, "writerExecutor");
        this.drainDelayNanos = policy.drainDelay().toNanos();
        this.deferringExecutor = drainDelayNanos > 0 && writerExecutor instanceof ScheduledExecutorService
                ? (ScheduledExecutorService) writerExecutor : null;
        this.metrics = new RecorderMetrics(Objects.requireNonNull(registry, "registry"), stream);
        IndexWriter indexWriter = new IndexWriter(stream, index, MAX_PENDING_INDEX_WRITES, metrics);
        this.recording = new StreamRecording(stream, sink, index, indexWriter, policy, clock, metrics);
    }

    /**
     * Subscribes to the hub and starts recording from its cached GOP's keyframe (or the next one).
     *
     * @throws IllegalStateException when started before, or the hub is closed
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException(stream + ": recorder already started");
        }
        if (stopped.isDone()) {
            throw new IllegalStateException(stream + ": recorder stopped");
        }
        HubReader subscribed = hub.subscribe(READER_ROLE, policy.queueCapacity(), this::requestDeferredDrain);
        droppedAtSubscribe = subscribed.droppedUnits();
        reader = subscribed;
        started = true;
        status = new RecorderStatus(RecorderState.WAITING_FOR_KEYFRAME, null, -1, 0, 0, null);
        // The hub does not signal what subscribing itself queued (parameters and the cached GOP).
        requestDrain();
    }

    /**
     * Stops recording: handles what is queued, finishes the open segment ({@link EndReason#STOPPED}) and indexes
     * it, closes a pending disk gap, unsubscribes and removes the meters. Idempotent.
     *
     * @return completes on the writer executor once all of that is done
     */
    public synchronized CompletableFuture<Void> stop() {
        if (!started) {
            if (!stopped.isDone()) {
                status = new RecorderStatus(RecorderState.STOPPED, null, -1, 0, 0, null);
                metrics.close();
                stopped.complete(null);
            }
            return stopped;
        }
        stopRequested = true;
        requestDrain();
        return stopped;
    }

    /** The latest status, refreshed after each drain; any thread. */
    public RecorderStatus status() {
        return status;
    }

    /** The stream this recorder records. */
    public StreamKey stream() {
        return stream;
    }

    @Override
    public String toString() {
        return "Recorder[" + stream + "]";
    }

    /** Start and stop: a drain now, unless one is pending (a deferred one runs within the drain delay). */
    private void requestDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            submitDrain();
        }
    }

    /** The hub's wake-up, on the publisher's thread: a drain within the drain delay, unless one is pending. */
    private void requestDeferredDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            if (deferringExecutor == null) {
                submitDrain();
            } else {
                submit(() -> deferringExecutor.schedule(drainTask, drainDelayNanos, TimeUnit.NANOSECONDS));
            }
        }
    }

    private void submitDrain() {
        submit(() -> writerExecutor.execute(drainTask));
    }

    private void submit(Runnable submission) {
        try {
            submission.run();
        } catch (RejectedExecutionException e) {
            drainScheduled.set(false);
            log.warn("{}: writer executor refused a drain (shutting down?); recorder idle", stream, e);
            if (stopRequested) {
                stopped.completeExceptionally(e);
            }
        }
    }

    private void drain() {
        HubReader current = reader;
        if (!baselineSet) {
            baselineSet = true;
            recording.baseline(droppedAtSubscribe);
        }
        int handled = 0;
        while (true) {
            if (stopRequested) {
                shutDown(current);
                return;
            }
            StreamItem item = current.poll();
            if (item == null) {
                if (current.isClosed()) {
                    // The hub closed (stream removed): nothing more will come.
                    shutDown(current);
                    return;
                }
                status = recording.status();
                drainScheduled.set(false);
                // A wake-up that came between the empty poll and the release above was refused (the flag was
                // still set): look again, and take the flag back if there is work, so none is lost.
                if (!hasWork(current) || !drainScheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            handle(item, current);
            if (++handled >= DRAIN_BATCH) {
                status = recording.status();
                submitDrain();
                return;
            }
        }
    }

    private boolean hasWork(HubReader current) {
        return stopRequested || current.queued() > 0 || current.isClosed();
    }

    private void handle(StreamItem item, HubReader current) {
        try {
            recording.accept(item, current.droppedUnits());
        } catch (RuntimeException e) {
            // StreamRecording handles sink and index failures itself; this is a bug. Skip the item and go on
            // recording, logging loudly once.
            if (failureLogged) {
                log.debug("{}: recorder failed on {} again", stream, item, e);
            } else {
                failureLogged = true;
                log.error("{}: recorder failed on {}; skipped", stream, item, e);
            }
        }
    }

    /** On the drain: handles what is already queued (a bounded amount), then finishes and unsubscribes. */
    private void shutDown(HubReader current) {
        try {
            for (int remaining = current.queued(); remaining > 0; remaining--) {
                StreamItem item = current.poll();
                if (item == null) {
                    break;
                }
                handle(item, current);
            }
            current.close();
            recording.stop();
            status = recording.status();
            log.debug("{}: recorder stopped", stream);
        } catch (RuntimeException e) {
            log.error("{}: recorder failed while stopping", stream, e);
            status = new RecorderStatus(RecorderState.STOPPED, null, -1, 0, status.segmentsWritten(), e.toString());
        } finally {
            metrics.close();
            stopped.complete(null);
        }
    }
}
