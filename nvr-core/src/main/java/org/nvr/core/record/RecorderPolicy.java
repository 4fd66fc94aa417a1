package org.nvr.core.record;

import java.time.Duration;
import java.util.Objects;
import org.nvr.core.stream.StreamHub;

/**
 * How a {@link Recorder} cuts and buffers one stream.
 *
 * @param segmentDuration media time after which a segment ends at the next keyframe (DESIGN.md, "Segment files");
 *                        {@value #MIN_SEGMENT_SECONDS} s to {@value #MAX_SEGMENT_SECONDS} s, default 60 s
 * @param queueCapacity   access units the recorder's hub reader queues while the writer is busy (an fsync can
 *                        take seconds on a loaded disk); beyond it the hub drops units up to the next keyframe,
 *                        counts them, and the recorder records the hole as a gap. 1 to
 *                        {@link StreamHub#MAX_QUEUE_CAPACITY}, default {@value #DEFAULT_QUEUE_CAPACITY}
 *                        (10 s at 25 frames/s)
 * @param retryDelay      after a write error, how long recording pauses before the next keyframe may open a new
 *                        segment; 1 ms to {@value #MAX_RETRY_SECONDS} s, default 5 s
 * @param drainDelay      how long a unit may wait in the hub queue before the recorder's drain runs, so that one
 *                        wake-up of a writer thread handles several units instead of one each (at 200 cameras x
 *                        25 fps, 5,000 thread hand-offs a second became about 800 with 250 ms; docs/performance.md).
 *                        Fragments are written once a second, so this delays no write that makes data durable
 *                        by more than the delay. It must stay well below the span of {@code queueCapacity} units
 *                        at the camera's frame rate (the default: 250 ms against 3 s at 25 fps), or the queue
 *                        overflows between drains. Zero drains at once; at most {@value #MAX_DRAIN_DELAY_MILLIS}
 *                        ms; default {@value #DEFAULT_DRAIN_DELAY_MILLIS} ms. Needs a {@link
 *                        java.util.concurrent.ScheduledExecutorService} writer pool; a plain executor drains at once
 */
public record RecorderPolicy(Duration segmentDuration, int queueCapacity, Duration retryDelay, Duration drainDelay) {
    /** Shortest accepted {@link #segmentDuration()}, in seconds. */
    public static final int MIN_SEGMENT_SECONDS = 10;
    /** Longest accepted {@link #segmentDuration()}, in seconds (10 min). */
    public static final int MAX_SEGMENT_SECONDS = 600;
    /**
     * Default {@link #queueCapacity()}: 3 s of video at 25 fps rides out an fsync stall while bounding the heap (at
     * 4 Mbit/s about 1.5 MiB per stream, against the 4 MiB per stream target; 250 units measured about 5 MiB and
     * filled a 1 GiB heap at 200 cameras). Beyond it the hub skips to the next keyframe and the recorder records
     * the hole as a disk gap.
     */
    public static final int DEFAULT_QUEUE_CAPACITY = 75;
    /** Longest accepted {@link #retryDelay()}, in seconds (10 min). */
    public static final int MAX_RETRY_SECONDS = 600;
    /** Default {@link #drainDelay()}: about 6 units at 25 fps per writer wake-up. */
    public static final int DEFAULT_DRAIN_DELAY_MILLIS = 250;
    /** Longest accepted {@link #drainDelay()}: a third of the default queue's 3 s at 25 fps. */
    public static final int MAX_DRAIN_DELAY_MILLIS = 1000;

    /** 60 s segments, 75 queued units (3 s at 25 fps), 5 s retry delay, drains 250 ms after the first unit. */
    public static final RecorderPolicy DEFAULT =
            new RecorderPolicy(Duration.ofSeconds(60), DEFAULT_QUEUE_CAPACITY, Duration.ofSeconds(5));

    /** A policy with the default {@link #drainDelay()}. */
    public RecorderPolicy(Duration segmentDuration, int queueCapacity, Duration retryDelay) {
        this(segmentDuration, queueCapacity, retryDelay, Duration.ofMillis(DEFAULT_DRAIN_DELAY_MILLIS));
    }

    public RecorderPolicy {
        Objects.requireNonNull(segmentDuration, "segmentDuration");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(drainDelay, "drainDelay");
        if (drainDelay.isNegative() || drainDelay.compareTo(Duration.ofMillis(MAX_DRAIN_DELAY_MILLIS)) > 0) {
            throw new IllegalArgumentException("drainDelay must be between 0 and " + MAX_DRAIN_DELAY_MILLIS
                    + "ms, was " + drainDelay);
        }
        if (segmentDuration.compareTo(Duration.ofSeconds(MIN_SEGMENT_SECONDS)) < 0
                || segmentDuration.compareTo(Duration.ofSeconds(MAX_SEGMENT_SECONDS)) > 0) {
            throw new IllegalArgumentException("segmentDuration must be between " + MIN_SEGMENT_SECONDS + "s and "
                    + MAX_SEGMENT_SECONDS + "s, was " + segmentDuration);
        }
        if (queueCapacity < 1 || queueCapacity > StreamHub.MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queueCapacity must be between 1 and " + StreamHub.MAX_QUEUE_CAPACITY
                    + ", was " + queueCapacity);
        }
        if (retryDelay.compareTo(Duration.ofMillis(1)) < 0
                || retryDelay.compareTo(Duration.ofSeconds(MAX_RETRY_SECONDS)) > 0) {
            throw new IllegalArgumentException("retryDelay must be between 1ms and " + MAX_RETRY_SECONDS
                    + "s, was " + retryDelay);
        }
    }

    /** The same policy with another {@link #drainDelay()}. */
    public RecorderPolicy withDrainDelay(Duration delay) {
        return new RecorderPolicy(segmentDuration, queueCapacity, retryDelay, delay);
    }

    /** {@link #segmentDuration()} in 90 kHz ticks. */
    public long segmentDuration90k() {
        return segmentDuration.toMillis() * 90;
    }
}
