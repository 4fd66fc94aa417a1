package org.nvr.core.stream;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of a {@link StreamHub}: a bounded queue of the stream's items, filled by the publisher and
 * drained by the reader with {@link #poll()} or {@link #poll(Duration)}.
 *
 * <p>Its first items are the current {@link VideoParameters} (if known) and the cached GOP from its keyframe;
 * when no GOP is cached, units are delivered from the next keyframe on. A reader that falls behind loses
 * access units up to the next keyframe (counted in {@link #droppedUnits()}); parameters and gaps are never
 * lost. The exact policy is described on {@code ReaderQueue}.
 *
 * <p>Thread-safe: the publisher offers on its thread, the reader polls on any thread. A short lock per reader
 * guards the queue; the publisher holds it only to move a reference, never while the reader works.
 */
public final class HubReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubReader.class);
    private static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE);

    private final StreamHub hub;
    private final String role;
    private final Runnable onAvailable;
    private final Counter droppedCounter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ReaderQueue queue;
    private long droppedUnits;
    private boolean closed;
    private volatile boolean callbackFailureLogged;

    HubReader(StreamHub hub, String role, int capacityUnits, Runnable onAvailable, Counter droppedCounter) {
        this.hub = hub;
        this.role = role;
        this.onAvailable = onAvailable;
        this.droppedCounter = droppedCounter;
        this.queue = new ReaderQueue(capacityUnits);
    }

    /** The role this reader was subscribed with, e.g. {@code recorder}. */
    public String role() {
        return role;
    }

    /** The oldest queued item, or null when the queue is empty or the reader is closed. Never blocks. */
    public StreamItem poll() {
        lock.lock();
        try {
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest queued item, waiting up to {@code timeout} for one.
     *
     * @return the item, or null when none arrived in time or the reader is (or gets) closed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public StreamItem poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        // Duration.toNanos() throws beyond 292 years; such a wait is "forever" anyway.
        long remainingNanos = timeout.compareTo(LONGEST_WAIT) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                if (closed || remainingNanos <= 0) {
                    return null;
                }
                remainingNanos = notEmpty.awaitNanos(remainingNanos);
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Access units this reader lost by falling behind, since it subscribed. */
    public long droppedUnits() {
        lock.lock();
        try {
            return droppedUnits;
        } finally {
            lock.unlock();
        }
    }

    /** Items in the queue now (access units, parameters and gaps). */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** True once the reader was closed, by {@link #close()} or by closing its hub. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Unsubscribes: no more items arrive, queued ones are discarded, waiting polls return null. Idempotent. */
    @Override
    public void close() {
        if (markClosed()) {
            hub.detach(this);
        }
    }

    /** Fills the queue of a new reader; called by the hub under its lock, before the reader is published. */
    void start(VideoParameters parameters, List<AccessUnit> gop) {
        int dropped;
        lock.lock();
        try {
            dropped = queue.start(parameters, gop);
            droppedUnits += dropped;
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            droppedCounter.increment(dropped);
        }
    }

    /** Queues an item; on the publisher's thread. Never waits for the reader beyond the queue's short lock. */
    void offer(StreamItem item) {
        int dropped;
        boolean becameNonEmpty;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean wasEmpty = queue.isEmpty();
            dropped = queue.offer(item);
            droppedUnits += dropped;
            becameNonEmpty = wasEmpty && !queue.isEmpty();
            if (becameNonEmpty) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            droppedCounter.increment(dropped);
        }
        if (becameNonEmpty) {
            notifyAvailable();
        }
    }

    /** Closes the reader because its hub closed, and wakes an event-driven reader so that it sees it. */
    void closeByHub() {
        if (markClosed()) {
            notifyAvailable();
        }
    }

    private boolean markClosed() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            queue.clear();
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void notifyAvailable() {
        if (onAvailable == null) {
            return;
        }
        try {
            onAvailable.run();
        } catch (RuntimeException e) {
            // A failing callback must not stop the publisher or the other readers; log the first failure
            // loudly and later ones quietly, so that a callback failing on every unit cannot flood the log.
            if (callbackFailureLogged) {
                LOG.debug("onAvailable of a '{}' reader of {} failed again", role, hub, e);
            } else {
                callbackFailureLogged = true;
                LOG.warn("onAvailable of a '{}' reader of {} failed", role, hub, e);
            }
        }
    }
}
