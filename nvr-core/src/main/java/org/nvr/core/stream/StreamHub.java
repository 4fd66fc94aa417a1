package org.nvr.core.stream;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;

/**
 * The fan-out point of one camera stream: one publisher (the camera's ingest), many readers (recorder, RTSP
 * re-stream sessions, snapshots), each with its own bounded queue ({@link HubReader}).
 *
 * <p>{@link #publish} runs on the ingest's Netty event loop and never waits for a reader: it updates the
 * GOP cache under the hub's lock (held elsewhere only by {@link #subscribe} while it copies at most one
 * GOP's references into the new reader's queue, and by {@link HubReader#close()} for an array copy), then
 * hands the item to each reader's queue, whose overflow policy drops access units of a slow reader rather
 * than wait. On its common path (no overflow), publishing allocates nothing once the GOP list has grown.
 *
 * <p>A new reader starts at once at the last keyframe: its queue receives the current parameters and the
 * cached GOP. The GOP cache holds the units from the last keyframe on, within {@link HubLimits}; a
 * {@link Gap} empties it, since a reader must not start from before a gap.
 *
 * <p>One hub per camera stream and meter registry: its meters (see {@code HubMetrics}) are tagged with the
 * camera and stream, and removed by {@link #close()}.
 */
public final class StreamHub implements AutoCloseable {
    /** Largest reader queue capacity, in access units (a minute at 25 frames/s is 1,500). */
    public static final int MAX_QUEUE_CAPACITY = 100_000;
    /**
     * Most readers of one hub. Publishing costs one queue offer per reader on the ingest's event loop, so
     * the count is capped; the RTSP server limits its sessions well below this.
     */
    public static final int MAX_READERS = 256;

    /** A role is a short component name used as a metric tag (STYLE.md rule 12), never a session id. */
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final HubReader[] NO_READERS = new HubReader[0];

    private final String cameraId;
    private final String streamName;
    private final ReentrantLock lock = new ReentrantLock();
    private final GopCache gop;
    private final HubMetrics metrics;
    /** Replaced, never modified, under the lock; read without it by the publisher. */
    private volatile HubReader[] readers = NO_READERS;
    private volatile VideoParameters parameters;
    private boolean closed;

    /**
     * @param cameraId   the camera's id, tag {@code camera} of the hub's meters
     * @param streamName the stream's name (e.g. {@code main}, {@code sub}), tag {@code stream}
     * @param limits     bounds of the GOP cache ({@link HubLimits#DEFAULT})
     * @param registry   where the hub's meters go
     */
    public StreamHub(String cameraId, String streamName, HubLimits limits, MeterRegistry registry) {
        this.cameraId = requireName(cameraId, "cameraId");
        this.streamName = requireName(streamName, "streamName");
        this.gop = new GopCache(Objects.requireNonNull(limits, "limits"));
        this.metrics = new HubMetrics(Objects.requireNonNull(registry, "registry"), cameraId, streamName, this);
    }

    /**
     * Publishes the stream's next item to every reader; on the publisher's single thread.
     *
     * <ul>
     *   <li>{@link VideoParameters}: become the current parameters, and are forwarded;</li>
     *   <li>{@link AccessUnit}: forwarded and kept in the GOP cache (a keyframe starts a new one);</li>
     *   <li>{@link Gap}: forwarded, and empties the GOP cache.</li>
     * </ul>
     * After {@link #close()}, items are ignored (the ingest may still be stopping).
     */
    public void publish(StreamItem item) {
        Objects.requireNonNull(item, "item");
        HubReader[] targets;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (item instanceof AccessUnit unit) {
                gop.add(unit);
            } else if (item instanceof VideoParameters videoParameters) {
                parameters = videoParameters;
            } else {
                gop.clear();
            }
            // Read under the lock with the cache update, so that a reader subscribing concurrently gets this
            // item exactly once: from the cache if it subscribed after this point, else from this loop.
            targets = readers;
        } finally {
            lock.unlock();
        }
        for (HubReader reader : targets) {
            reader.offer(item);
        }
    }

    /**
     * Adds a reader. Its queue at once holds the current parameters (if known) and the cached GOP from its
     * keyframe; without a cached GOP, it starts at the next keyframe.
     *
     * <p>{@code onAvailable} is called when the queue goes from empty to non-empty, on the publisher's thread
     * (so it must be cheap, e.g. schedule a drain on the reader's event loop), and once more when the hub
     * closes the reader. It is not called for what subscribing itself queued: drain the reader once after
     * this method returns, then on each call.
     *
     * @param readerRole    what kind of reader this is, e.g. {@code recorder} or {@code restream}: a metric tag,
     *                      so a short lower-case name ({@code [a-z][a-z0-9_-]{0,31}}), never a session id
     * @param queueCapacity most access units queued for this reader, 1 to {@value #MAX_QUEUE_CAPACITY}
     *                      (plus up to 16 parameter and gap items)
     * @param onAvailable   called as above, or null
     * @throws NvrException                (RESOURCE_EXHAUSTED) with {@value #MAX_READERS} readers already
     * @throws IllegalStateException       after {@link #close()}
     * @throws IllegalArgumentException    for a bad role or capacity
     */
    public HubReader subscribe(String readerRole, int queueCapacity, Runnable onAvailable) {
        Objects.requireNonNull(readerRole, "readerRole");
        if (!ROLE.matcher(readerRole).matches()) {
            throw new IllegalArgumentException("reader role must match " + ROLE + " (a component name such as"
                    + " 'recorder', not a session id), was '" + readerRole + "'");
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY
                    + ", was " + queueCapacity);
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            if (readers.length >= MAX_READERS) {
                throw new NvrException(NvrException.Kind.RESOURCE_EXHAUSTED,
                        this + " already has " + MAX_READERS + " readers");
            }
            HubMetrics.RoleMeters roleMeters = metrics.role(readerRole);
            HubReader reader = new HubReader(this, readerRole, queueCapacity, onAvailable,
                    roleMeters.droppedUnits);
            reader.start(parameters, gop.units());
            HubReader[] next = Arrays.copyOf(readers, readers.length + 1);
            next[next.length - 1] = reader;
            readers = next;
            roleMeters.readers.incrementAndGet();
            return reader;
        } finally {
            lock.unlock();
        }
    }

    /** The current parameters: the last published, or null when none were. */
    public VideoParameters parameters() {
        return parameters;
    }

    /** Readers subscribed now. */
    public int readerCount() {
        return readers.length;
    }

    public String cameraId() {
        return cameraId;
    }

    public String streamName() {
        return streamName;
    }

    /**
     * Closes every reader (their polls return null, and their {@code onAvailable} is called once so that
     * event-driven readers notice), removes the hub's meters and ignores later items. Idempotent.
     */
    @Override
    public void close() {
        HubReader[] closing;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closing = readers;
            readers = NO_READERS;
            gop.clear();
            metrics.remove();
        } finally {
            lock.unlock();
        }
        for (HubReader reader : closing) {
            reader.closeByHub();
        }
    }

    @Override
    public String toString() {
        return "StreamHub[" + cameraId + "/" + streamName + "]";
    }

    /** Removes a reader that closed itself. */
    void detach(HubReader reader) {
        lock.lock();
        try {
            int index = indexOf(reader);
            if (index < 0) {
                return;
            }
            HubReader[] next = new HubReader[readers.length - 1];
            System.arraycopy(readers, 0, next, 0, index);
            System.arraycopy(readers, index + 1, next, index, next.length - index);
            readers = next;
            if (!closed) {
                metrics.role(reader.role()).readers.decrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    /** For the {@code nvr.hub.gop.units} gauge. */
    double gopUnits() {
        lock.lock();
        try {
            return gop.size();
        } finally {
            lock.unlock();
        }
    }

    /** For the {@code nvr.hub.gop.bytes} gauge. */
    double gopBytes() {
        lock.lock();
        try {
            return gop.payloadBytes();
        } finally {
            lock.unlock();
        }
    }

    private int indexOf(HubReader reader) {
        HubReader[] current = readers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == reader) {
                return i;
            }
        }
        return -1;
    }

    private static String requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
