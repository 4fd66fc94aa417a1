package org.nvr.storage.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.nvr.core.time.NvrClock;

/** A wall clock that tests set and advance. */
public final class MutableClock implements NvrClock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant wallNow() {
        return now.get();
    }

    @Override
    public long monotonicNanos() {
        return now.get().getEpochSecond() * 1_000_000_000L + now.get().getNano();
    }
}
