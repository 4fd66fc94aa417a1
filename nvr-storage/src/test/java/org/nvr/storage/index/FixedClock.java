package org.nvr.storage.index;

import java.time.Instant;
import org.nvr.core.time.NvrClock;

/** A clock standing still at a given instant. */
record FixedClock(Instant now) implements NvrClock {
    @Override
    public Instant wallNow() {
        return now;
    }

    @Override
    public long monotonicNanos() {
        return 0;
    }
}
