package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nvr.core.time.NvrClock;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock implements NvrClock {
        long nanos = 1_000_000_000L;

        @Override
        public Instant wallNow() {
            return Instant.ofEpochSecond(0, nanos);
        }

        @Override
        public long monotonicNanos() {
            return nanos;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void blocksAfterTheLimitUntilTheWindowEnds() throws Exception {
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), 100, clock);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blockedFor(a)).isEmpty();
            throttle.recordFailure(a);
        }
        clock.nanos += Duration.ofSeconds(20).toNanos();
        assertThat(throttle.blockedFor(a)).hasValue(Duration.ofSeconds(40));
        assertThat(throttle.blockedFor(b)).isEmpty();

        clock.nanos += Duration.ofSeconds(40).toNanos();
        assertThat(throttle.blockedFor(a)).isEmpty();
    }

    @Test
    void forgetsTheOldestAddressPastItsBound() throws Exception {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ofMinutes(1), 2, clock);
        InetAddress first = InetAddress.getByName("192.0.2.1");
        throttle.recordFailure(first);
        throttle.recordFailure(InetAddress.getByName("192.0.2.2"));
        throttle.recordFailure(InetAddress.getByName("192.0.2.3"));

        assertThat(throttle.size()).isEqualTo(2);
        assertThat(throttle.blockedFor(first)).isEmpty();
    }
}
