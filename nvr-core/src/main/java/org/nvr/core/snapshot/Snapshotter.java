package org.nvr.core.snapshot;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.stream.HubReader;
import org.nvr.core.stream.StreamHub;

/**
 * Makes a JPEG of a live stream's latest keyframe: subscribes to the stream's {@link StreamHub} (whose GOP cache
 * hands a new reader the current parameters and the last keyframe at once), takes the first keyframe, unsubscribes,
 * then decodes, converts and encodes it.
 *
 * <p>Blocking and CPU-heavy (tens of milliseconds for 1080p, more for larger pictures): call it off the event loops.
 * At most {@link SnapshotOptions#maxConcurrent()} snapshots are made at once; more are refused, not queued, so a
 * burst of requests cannot hold every blocking thread or the heap.
 */
public final class Snapshotter {
    /** The hub reader's role, a metric tag. */
    static final String READER_ROLE = "snapshot";
    /**
     * The reader's queue holds one access unit: the cached GOP's keyframe is all it needs, and a later keyframe
     * replaces a queued one. The units of the cached GOP after its keyframe count as dropped for role snapshot.
     */
    private static final int QUEUE_UNITS = 1;

    private final SnapshotOptions options;
    private final KeyframeDecoder decoder;
    private final JpegEncoder jpeg;
    private final Semaphore permits;

    public Snapshotter(SnapshotOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.decoder = new KeyframeDecoder(options.maxWidth(), options.maxHeight());
        this.jpeg = new JpegEncoder(options.jpegQuality());
        this.permits = new Semaphore(options.maxConcurrent());
    }

    /**
     * A JPEG of the stream's latest keyframe, or of the next one within {@link SnapshotOptions#keyframeWait()}.
     *
     * @throws NvrException         (UNAVAILABLE) with a message for the client: too many snapshots at once, no
     *                              keyframe in time, the stream stopped, or the picture cannot be decoded (see
     *                              {@link KeyframeDecoder#decode})
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Snapshot take(StreamHub hub) throws InterruptedException {
        Objects.requireNonNull(hub, "hub");
        if (!permits.tryAcquire()) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, options.maxConcurrent()
                    + " snapshots are being made already; retry");
        }
        try {
            Keyframe keyframe = latestKeyframe(hub);
            DecodedPicture decoded = decoder.decode(keyframe.parameters, keyframe.unit);
            BufferedImage image = YuvToRgb.convert(decoded.picture(), decoded.range());
            return new Snapshot(jpeg.encode(image), image.getWidth(), image.getHeight(), keyframe.unit.wallClock(),
                    keyframe.unit.clockSource());
        } finally {
            permits.release();
        }
    }

    private record Keyframe(VideoParameters parameters, AccessUnit unit) {
    }

    private Keyframe latestKeyframe(StreamHub hub) throws InterruptedException {
        VideoParameters parameters = null;
        // The wait is the reader's real blocking poll, so its deadline is on the real monotonic clock.
        long deadline = System.nanoTime() + options.keyframeWait().toNanos();
        try (HubReader reader = subscribe(hub)) {
            while (true) {
                long remaining = deadline - System.nanoTime();
                // A cached keyframe is already queued: poll without waiting first, even with a zero wait.
                StreamItem item = reader.poll(Duration.ofNanos(Math.max(0, remaining)));
                if (item == null) {
                    if (reader.isClosed()) {
                        throw new NvrException(NvrException.Kind.UNAVAILABLE, "the stream stopped");
                    }
                    throw new NvrException(NvrException.Kind.UNAVAILABLE, "no picture yet: no keyframe within "
                            + options.keyframeWait().toMillis() + " ms");
                }
                if (item instanceof VideoParameters p) {
                    parameters = p;
                } else if (item instanceof AccessUnit unit && unit.keyframe()) {
                    return new Keyframe(parameters, unit);
                }
            }
        }
    }

    private static HubReader subscribe(StreamHub hub) {
        try {
            return hub.subscribe(READER_ROLE, QUEUE_UNITS, null);
        } catch (IllegalStateException e) {
            // The hub closed between looking it up and subscribing: the camera was just stopped.
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the stream stopped", e);
        } catch (NvrException e) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the stream has too many readers: "
                    + e.getMessage(), e);
        }
    }
}
