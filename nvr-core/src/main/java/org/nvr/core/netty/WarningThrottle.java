package org.nvr.core.netty;

import java.time.Duration;
import org.nvr.core.time.NvrClock;

/**
 * Lets one warning through per interval and counts the ones held back, so that a client refused thousands of
 * times a second (on purpose or by a reconnect loop) writes one log line a minute, not thousands. One throttle
 * for all addresses: per-address state would be a map an attacker with many addresses could grow. Thread-safe.
 */
final class WarningThrottle {
    private final long intervalNanos;
    private final NvrClock clock;
    private boolean warned;
    private long lastWarningNanos;
    private long suppressed;

    WarningThrottle(Duration interval, NvrClock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval " + interval + " is not positive");
        }
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * Whether to log this warning now: returns -1 when not (the warning is counted as held back), else the number
     * of warnings held back since the last one logged, which the caller should mention.
     */
    synchronized long tryWarn() {
        long now = clock.monotonicNanos();
        if (warned && now - lastWarningNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        warned = true;
        lastWarningNanos = now;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
