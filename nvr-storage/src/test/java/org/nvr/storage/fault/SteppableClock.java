package org.nvr.storage.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.nvr.core.time.NvrClock;

/** The system clocks, with a wall clock a test can step (as NTP or an operator would); monotonic time never steps. */
final class SteppableClock implements NvrClock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant wallNow() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }

    /** Steps the wall clock by {@code by} (negative: backwards). */
    void step(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }
}
