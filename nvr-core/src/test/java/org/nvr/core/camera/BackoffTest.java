package org.nvr.core.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    /** A "random" source that always answers the same fraction, to pin the jitter down. */
    private static RandomGenerator fixed(double fraction) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return fraction;
            }
        };
    }

    @Test
    void doublesFromMinToMaxWithoutJitter() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, fixed(0.5));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.failures()).isEqualTo(7);
    }

    @Test
    void jitterStaysWithinItsFractionAndNeverExceedsMax() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, fixed(0.0));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(800));
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, fixed(0.999999));
        for (int i = 0; i < 40; i++) {
            assertThat(high.next()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        }
        Backoff random = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, new Random(7));
        for (int i = 0; i < 1000; i++) {
            Duration d = random.next();
            assertThat(d).isBetween(Duration.ofMillis(800), Duration.ofSeconds(30));
        }
    }

    @Test
    void resetStartsOverAndManyFailuresDoNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, fixed(0));
        for (int i = 0; i < 100; i++) {
            backoff.next();
        }
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
