package org.nvr.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecorderPolicyTest {
    @Test
    void defaultsAreOneMinuteSegments() {
        assertThat(RecorderPolicy.DEFAULT.segmentDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RecorderPolicy.DEFAULT.queueCapacity()).isEqualTo(75);
        assertThat(RecorderPolicy.DEFAULT.retryDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RecorderPolicy.DEFAULT.segmentDuration90k()).isEqualTo(60 * 90_000L);
    }

    @Test
    void acceptsTheBounds() {
        assertThat(new RecorderPolicy(Duration.ofSeconds(10), 1, Duration.ofMillis(1)).segmentDuration90k())
                .isEqualTo(900_000L);
        assertThat(new RecorderPolicy(Duration.ofMinutes(10), 100_000, Duration.ofMinutes(10)).queueCapacity())
                .isEqualTo(100_000);
    }

    @Test
    void rejectsSegmentDurationsOutsideTenSecondsToTenMinutes() {
        assertThatThrownBy(() -> new RecorderPolicy(Duration.ofMillis(9_999), 250, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentDuration");
        assertThatThrownBy(() -> new RecorderPolicy(Duration.ofSeconds(601), 250, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentDuration");
    }

    @Test
    void rejectsBadQueueCapacityAndRetryDelay() {
        assertThatThrownBy(() -> new RecorderPolicy(Duration.ofSeconds(60), 0, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> new RecorderPolicy(Duration.ofSeconds(60), 100_001, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> new RecorderPolicy(Duration.ofSeconds(60), 250, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryDelay");
        assertThatThrownBy(() -> new RecorderPolicy(Duration.ofSeconds(60), 250, Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryDelay");
        assertThatThrownBy(() -> new RecorderPolicy(null, 250, Duration.ofSeconds(5)))
                .isInstanceOf(NullPointerException.class);
    }
}
