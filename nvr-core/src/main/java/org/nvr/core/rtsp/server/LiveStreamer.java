package org.nvr.core.rtsp.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.EventLoop;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.stream.HubReader;
import org.nvr.core.stream.StreamHub;

/**
 * Live video of one session: a {@link HubReader} drained onto the client's event loop.
 *
 * <p>The hub's {@code onAvailable} runs on the publisher's (ingest's) thread: it only schedules a drain on the
 * client's loop, at most one pending at a time. The drain writes only while the client's output is writable;
 * when it is not, it stops pulling, the reader's bounded queue fills, and the hub makes this reader skip to the
 * next keyframe (counted): a slow client never slows ingest or other clients. A TCP client's writability event
 * resumes the drain; the shared UDP socket has no per-client event, so a timer retries.
 */
final class LiveStreamer implements Streamer {

    /** Reader role: a metric tag of the hub, never a session id. */
    static final String ROLE = "rtsp-client";
    /** Units per drain task, so that one busy client does not hold its event loop from the others. */
    private static final int UNITS_PER_DRAIN = 32;
    private static final long UDP_RETRY_MILLIS = 10;

    private final RtpSender sender;
    private final EventLoop loop;
    private final Counter dropped;
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final HubReader reader;
    private VideoParameters parameters;
    private StreamItem held;
    private long droppedSeen;
    private boolean started;
    private boolean stopped;

    /**
     * Subscribes at once: the reader's queue gets the hub's parameters and cached GOP.
     *
     * @throws org.nvr.core.model.NvrException when the hub has too many readers
     * @throws IllegalStateException           when the hub is closed
     */
    LiveStreamer(StreamHub hub, int queueUnits, RtpSender sender, EventLoop loop, Counter dropped) {
        this.sender = sender;
        this.loop = loop;
        this.dropped = dropped;
        this.parameters = hub.parameters();
        this.reader = hub.subscribe(ROLE, queueUnits, this::wake);
    }

    /**
     * Takes the queued items up to the first access unit (the GOP cache's keyframe) and holds it, so that the
     * PLAY reply can say its RTP time; empty when no unit is queued yet.
     */
    OptionalLong firstRtpTimestamp() {
        while (held == null) {
            StreamItem item = reader.poll();
            if (item == null) {
                return OptionalLong.empty();
            }
            if (item instanceof VideoParameters p) {
                parameters = p;
            } else if (item instanceof AccessUnit) {
                held = item;
            }
        }
        return OptionalLong.of(sender.rtpTimestamp(((AccessUnit) held).pts90k()));
    }

    /** Starts sending; call after the PLAY reply was written, so that media follows it on the connection. */
    void start() {
        started = true;
        wake();
    }

    @Override
    public void writabilityChanged() {
        wake();
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        countDrops();
        reader.close();
    }

    /** On any thread (the publisher's): schedule one drain on the client's loop, unless one is pending. */
    private void wake() {
        if (drainPending.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainPending.set(false);
            }
        }
    }

    private void drain() {
        drainPending.set(false);
        if (stopped || !started) {
            return;
        }
        for (int i = 0; i < UNITS_PER_DRAIN; i++) {
            if (!sender.output().writable()) {
                if (sender.output().shared()) {
                    loop.schedule(this::wake, UDP_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
                countDrops();
                return;
            }
            StreamItem item = held != null ? held : reader.poll();
            held = null;
            if (item == null) {
                countDrops();
                return;
            }
            handle(item);
        }
        countDrops();
        // The queue may still hold items, and onAvailable fires only when it goes from empty to non-empty.
        wake();
    }

    private void handle(StreamItem item) {
        if (item instanceof VideoParameters p) {
            parameters = p;
        } else if (item instanceof AccessUnit unit) {
            sender.send(unit, parameters, null);
        } else if (item instanceof Gap) {
            // The camera's stream was interrupted: the wall clock jumps at the next unit, say so at once.
            sender.reportAfterNextUnit();
        }
    }

    private void countDrops() {
        long total = reader.droppedUnits();
        if (total > droppedSeen) {
            dropped.increment(total - droppedSeen);
            droppedSeen = total;
        }
    }
}
