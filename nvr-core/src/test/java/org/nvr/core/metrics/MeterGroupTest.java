package org.nvr.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeterGroupTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void closeRemovesTheGroupsMetersAndLeavesOthers() {
        MeterGroup group = new MeterGroup(registry);
        group.register(Counter.builder("test.group.count").tag("camera", "cam1").register(registry));
        group.register(Gauge.builder("test.group.gauge", () -> 7).tag("camera", "cam1").register(registry));
        Counter other = Counter.builder("test.group.count").tag("camera", "cam2").register(registry);

        assertThat(registry.getMeters()).hasSize(3);
        group.close();

        assertThat(registry.getMeters()).containsExactly(other);
    }

    @Test
    void closeTwiceIsHarmless() {
        MeterGroup group = new MeterGroup(registry);
        group.register(Counter.builder("test.group.count").register(registry));
        group.close();
        group.close();

        assertThat(registry.getMeters()).isEmpty();
    }
}
