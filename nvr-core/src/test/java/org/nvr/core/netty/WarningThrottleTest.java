package org.nvr.core.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nvr.core.time.FakeNvrClock;

class WarningThrottleTest {
    private final FakeNvrClock clock = new FakeNvrClock(Instant.EPOCH);

    @Test
    void oneWarningPerIntervalAndTheCountHeldBack() {
        WarningThrottle throttle = new WarningThrottle(Duration.ofMinutes(1), clock);
        assertThat(throttle.tryWarn()).isZero();
        assertThat(throttle.tryWarn()).isEqualTo(-1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.tryWarn()).isEqualTo(-1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryWarn()).isEqualTo(2);
        assertThat(throttle.tryWarn()).isEqualTo(-1);
    }
}
