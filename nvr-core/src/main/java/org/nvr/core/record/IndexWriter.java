package org.nvr.core.record;

import java.util.ArrayDeque;
import java.util.Objects;
import org.nvr.core.model.Gap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a recorder's segments and gaps to the {@link RecordingIndex}, in order, keeping the ones that failed in
 * a bounded list and retrying them before the next write. Not thread-safe: the recorder's drain owns it.
 *
 * <p>A segment whose index row failed is still durable on disk (the writer fsynced it before returning its
 * summary), and startup recovery indexes a file it finds without a row; so when more than {@code maxPending}
 * writes are waiting, the oldest is dropped with a warning rather than holding memory without bound.
 */
final class IndexWriter {
    private static final Logger log = LoggerFactory.getLogger(IndexWriter.class);

    /** One index write waiting to be done. */
    private sealed interface Write permits SegmentWrite, GapWrite {
        void applyTo(RecordingIndex index, StreamKey stream);
    }

    private record SegmentWrite(SegmentSummary segment) implements Write {
        @Override
        public void applyTo(RecordingIndex index, StreamKey stream) {
            index.addSegment(segment);
        }

        @Override
        public String toString() {
            return "segment " + segment.start().sequence() + " (" + segment.path() + ")";
        }
    }

    private record GapWrite(Gap gap) implements Write {
        @Override
        public void applyTo(RecordingIndex index, StreamKey stream) {
            index.addGap(stream, gap);
        }

        @Override
        public String toString() {
            return "gap " + gap.start() + ".." + gap.end() + " (" + gap.cause() + ")";
        }
    }

    private final StreamKey stream;
    private final RecordingIndex index;
    private final int maxPending;
    private final RecorderMetrics metrics;
    private final ArrayDeque<Write> pending;
    private boolean failing;
    private String lastError;

    /**
     * @param maxPending most writes kept for retry, at least 1
     */
    IndexWriter(StreamKey stream, RecordingIndex index, int maxPending, RecorderMetrics metrics) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
        this.stream = Objects.requireNonNull(stream, "stream");
        this.index = Objects.requireNonNull(index, "index");
        this.maxPending = maxPending;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pending = new ArrayDeque<>(maxPending);
    }

    void addSegment(SegmentSummary segment) {
        submit(new SegmentWrite(segment));
    }

    void addGap(Gap gap) {
        submit(new GapWrite(gap));
    }

    /**
     * Retries the waiting writes, oldest first, stopping at the first failure.
     *
     * @return true when none is left waiting
     */
    boolean flush() {
        while (!pending.isEmpty()) {
            Write next = pending.peekFirst();
            try {
                next.applyTo(index, stream);
            } catch (RuntimeException e) {
                onFailure(next, e);
                return false;
            }
            pending.pollFirst();
            if (failing) {
                failing = false;
                log.info("{}: index writes work again: wrote {}, {} still waiting", stream, next, pending.size());
            }
        }
        return true;
    }

    /** Writes waiting for a retry. */
    int pending() {
        return pending.size();
    }

    /** The latest failure, or null. */
    String lastError() {
        return lastError;
    }

    private void submit(Write write) {
        if (pending.size() >= maxPending) {
            Write dropped = pending.pollFirst();
            log.warn("{}: index still failing, {} writes waiting: giving up on {} (a segment's file stays on disk;"
                    + " startup recovery indexes it)", stream, maxPending, dropped);
        }
        pending.addLast(write);
        flush();
    }

    private void onFailure(Write write, RuntimeException e) {
        metrics.indexError();
        lastError = "index: " + e;
        if (failing) {
            log.debug("{}: index write of {} failed again", stream, write, e);
        } else {
            // Once per failing episode: the index is typically down for all cameras at once.
            failing = true;
            log.warn("{}: index write of {} failed; kept for retry with the next write", stream, write, e);
        }
    }
}
