package org.nvr.core.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nvr.core.time.NvrClock;

class WarningThrottleTest {
    private long nanos;
    private final NvrClock clock = new NvrClock() {
        @Override
        public Instant wallNow() {
            return Instant.EPOCH;
        }

        @Override
        public long monotonicNanos() {
            return nanos;
        }
    };

    @Test
    void oneWarningPerIntervalAndTheCountHeldBack() {
        WarningThrottle throttle = new WarningThrottle(Duration.ofMinutes(1), clock);
        assertThat(throttle.tryWarn()).isZero();
        assertThat(throttle.tryWarn()).isEqualTo(-1);
        nanos += Duration.ofSeconds(59).toNanos();
        assertThat(throttle.tryWarn()).isEqualTo(-1);
        nanos += Duration.ofSeconds(1).toNanos();
        assertThat(throttle.tryWarn()).isEqualTo(2);
        assertThat(throttle.tryWarn()).isEqualTo(-1);
    }
}
