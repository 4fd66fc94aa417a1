package org.nvr.core.time;

import java.time.Instant;

/** The clocks the NVR reads, injected so that tests can simulate time (after Moonfire NVR's {@code Clocks}). */
public interface NvrClock {
    /** UTC wall-clock time. May step (NTP). */
    Instant wallNow();

    /** A monotonic clock for durations and timeouts, in nanoseconds from an arbitrary origin. */
    long monotonicNanos();

    /** The system's clocks. */
    NvrClock SYSTEM = new NvrClock() {
        @Override
        public Instant wallNow() {
            return Instant.now();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };
}
