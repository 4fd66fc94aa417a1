package org.nvr.core.time;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when a test says so; wall time and monotonic time can be moved apart. */
public final class FakeNvrClock implements NvrClock {
    private Instant wall;
    private long monotonicNanos;

    public FakeNvrClock(Instant wall) {
        this.wall = wall;
    }

    @Override
    public Instant wallNow() {
        return wall;
    }

    @Override
    public long monotonicNanos() {
        return monotonicNanos;
    }

    /** Moves both clocks forward by {@code duration}. */
    public void advance(Duration duration) {
        wall = wall.plus(duration);
        monotonicNanos += duration.toNanos();
    }

    /** Sets the wall clock only, as an NTP step would. */
    public void setWall(Instant wall) {
        this.wall = wall;
    }

    /** Sets the monotonic clock only. */
    public void setMonotonicNanos(long monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
    }
}
