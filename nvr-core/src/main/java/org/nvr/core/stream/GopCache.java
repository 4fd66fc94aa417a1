package org.nvr.core.stream;

import java.util.ArrayList;
import java.util.List;
import org.nvr.core.model.AccessUnit;

/**
 * The access units of the current GOP, from its keyframe on, within {@link HubLimits}.
 *
 * <p>Not thread-safe: {@link StreamHub} guards it with its lock. A cache that would exceed a limit is emptied
 * and stays empty until the next keyframe, so whatever it holds always starts at a keyframe.
 */
final class GopCache {
    /** Initial list capacity: a typical 2 s GOP at 25 frames/s, so that most streams never grow the list. */
    private static final int INITIAL_CAPACITY = 64;

    private final HubLimits limits;
    private final ArrayList<AccessUnit> units;
    private long payloadBytes;

    GopCache(HubLimits limits) {
        this.limits = limits;
        this.units = new ArrayList<>(Math.min(limits.maxGopUnits(), INITIAL_CAPACITY));
    }

    /**
     * Adds a unit: a keyframe starts a new GOP; any other unit extends the current one, if there is one.
     *
     * @return false when the unit made the GOP exceed a limit, so the cache was emptied
     */
    boolean add(AccessUnit unit) {
        if (unit.keyframe()) {
            clear();
        } else if (units.isEmpty()) {
            // No keyframe since the start, the last gap or the last overflow: this unit cannot start a reader.
            return true;
        }
        int unitBytes = unit.payloadBytes();
        if (units.size() + 1 > limits.maxGopUnits() || payloadBytes + unitBytes > limits.maxGopBytes()) {
            clear();
            return false;
        }
        units.add(unit);
        payloadBytes += unitBytes;
        return true;
    }

    /** Empties the cache until the next keyframe. */
    void clear() {
        units.clear();
        payloadBytes = 0;
    }

    /** The cached units in order, the first a keyframe; a view valid until the next change. */
    List<AccessUnit> units() {
        return units;
    }

    int size() {
        return units.size();
    }

    long payloadBytes() {
        return payloadBytes;
    }
}
