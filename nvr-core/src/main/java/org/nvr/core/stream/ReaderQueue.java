package org.nvr.core.stream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;

/**
 * One reader's bounded queue and its overflow policy. Not thread-safe: {@link HubReader} guards it.
 *
 * <p>Bounds: at most {@code capacityUnits} access units plus at most {@value #MAX_CONTROL_ITEMS} other items
 * ({@link VideoParameters} and {@link Gap}); the deque is allocated once at that size and never grows.
 *
 * <p>Access unit overflow: when a unit arrives and {@code capacityUnits} units are queued, every queued unit
 * is discarded (the other items stay, in order) and counted; the reader then skips units, counting them,
 * until a keyframe, and resumes with it. A unit that cannot be decoded without the ones before it is never
 * delivered, so every run of units a reader sees starts at a keyframe.
 *
 * <p>Other items are never dropped outright, since the recorder needs every parameter change and every gap.
 * When {@value #MAX_CONTROL_ITEMS} of them are queued (the reader has stopped reading through several
 * reconnects), the queue collapses to what a reader needs to resume correctly: every queued unit is
 * discarded and counted, all queued gaps become one gap from the earliest start to the latest end with
 * the first gap's cause and detail (so no interval of missing video is hidden), followed by the latest
 * parameters; the reader then resumes at the next keyframe. Older parameters go only with the units that
 * needed them.
 *
 * <p>A {@link Gap} breaks decoding, so after one the reader waits for a keyframe; units skipped for that
 * reason, or before the first keyframe of a new reader, are not counted as dropped: a fast reader would
 * not have received them either.
 */
final class ReaderQueue {
    /** Most queued items that are not access units; see the class comment for what happens beyond. */
    static final int MAX_CONTROL_ITEMS = 16;

    private static final Predicate<StreamItem> IS_UNIT = item -> item instanceof AccessUnit;

    /** What the reader does with a unit that is not a keyframe. */
    private enum State {
        /** Queues it. */
        LIVE,
        /** Ignores it, uncounted: nothing decodable has started yet (new reader, or after a gap). */
        AWAITING_KEYFRAME,
        /** Drops and counts it: the reader fell behind and lost units a fast reader got. */
        SKIPPING
    }

    private final int capacityUnits;
    private final ArrayDeque<StreamItem> items;
    private int queuedUnits;
    private int queuedControls;
    private State state = State.AWAITING_KEYFRAME;

    ReaderQueue(int capacityUnits) {
        if (capacityUnits < 1) {
            throw new IllegalArgumentException("capacityUnits must be at least 1, was " + capacityUnits);
        }
        this.capacityUnits = capacityUnits;
        this.items = new ArrayDeque<>(capacityUnits + MAX_CONTROL_ITEMS);
    }

    /**
     * Fills a new reader's queue: the current parameters, then the cached GOP from its keyframe. A GOP longer
     * than the capacity is cut at the capacity and the reader skips to the next keyframe.
     *
     * @param parameters the current parameters, or null when none are known yet
     * @param gop        the cached GOP, empty or starting at a keyframe
     * @return the number of units dropped (the part of the GOP beyond the capacity)
     */
    int start(VideoParameters parameters, List<AccessUnit> gop) {
        if (parameters != null) {
            addControl(parameters);
        }
        if (gop.isEmpty()) {
            state = State.AWAITING_KEYFRAME;
            return 0;
        }
        int taken = Math.min(gop.size(), capacityUnits);
        for (int i = 0; i < taken; i++) {
            items.addLast(gop.get(i));
        }
        queuedUnits = taken;
        state = taken < gop.size() ? State.SKIPPING : State.LIVE;
        return gop.size() - taken;
    }

    /**
     * Queues an item, applying the overflow policy.
     *
     * @return the number of access units dropped by this call (queued ones discarded, or this one skipped)
     */
    int offer(StreamItem item) {
        if (item instanceof AccessUnit unit) {
            return offerUnit(unit);
        }
        int dropped = queuedControls >= MAX_CONTROL_ITEMS ? collapse() : 0;
        addControl(item);
        if (item instanceof Gap) {
            state = State.AWAITING_KEYFRAME;
        }
        return dropped;
    }

    /** The oldest item, or null when the queue is empty. */
    StreamItem poll() {
        StreamItem item = items.pollFirst();
        if (item instanceof AccessUnit) {
            queuedUnits--;
        } else if (item != null) {
            queuedControls--;
        }
        return item;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    int size() {
        return items.size();
    }

    void clear() {
        items.clear();
        queuedUnits = 0;
        queuedControls = 0;
    }

    private int offerUnit(AccessUnit unit) {
        if (unit.keyframe()) {
            int dropped = queuedUnits >= capacityUnits ? discardQueuedUnits() : 0;
            state = State.LIVE;
            addUnit(unit);
            return dropped;
        }
        switch (state) {
            case AWAITING_KEYFRAME:
                return 0;
            case SKIPPING:
                return 1;
            case LIVE:
            default:
                if (queuedUnits >= capacityUnits) {
                    int dropped = discardQueuedUnits();
                    state = State.SKIPPING;
                    return dropped + 1;
                }
                addUnit(unit);
                return 0;
        }
    }

    private void addUnit(AccessUnit unit) {
        items.addLast(unit);
        queuedUnits++;
    }

    private void addControl(StreamItem item) {
        items.addLast(item);
        queuedControls++;
    }

    private int discardQueuedUnits() {
        int discarded = queuedUnits;
        if (queuedControls == 0) {
            items.clear();
        } else {
            items.removeIf(IS_UNIT);
        }
        queuedUnits = 0;
        return discarded;
    }

    /** Reduces the queue to at most one merged gap and the latest parameters; see the class comment. */
    private int collapse() {
        Gap firstGap = null;
        Instant start = null;
        Instant end = null;
        int gaps = 0;
        VideoParameters latestParameters = null;
        for (StreamItem item : items) {
            if (item instanceof Gap gap) {
                if (firstGap == null) {
                    firstGap = gap;
                    start = gap.start();
                    end = gap.end();
                } else {
                    start = gap.start().isBefore(start) ? gap.start() : start;
                    end = gap.end().isAfter(end) ? gap.end() : end;
                }
                gaps++;
            } else if (item instanceof VideoParameters parameters) {
                latestParameters = parameters;
            }
        }
        int dropped = queuedUnits;
        clear();
        if (firstGap != null) {
            addControl(gaps == 1 ? firstGap : new Gap(start, end, firstGap.cause(), firstGap.detail()));
        }
        if (latestParameters != null) {
            addControl(latestParameters);
        }
        if (dropped > 0 && state == State.LIVE) {
            state = State.SKIPPING;
        }
        return dropped;
    }
}
