package org.nvr.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nvr.core.testing.StreamItems.delta;
import static org.nvr.core.testing.StreamItems.key;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class StreamHubMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamHub hub = new StreamHub("cam7", "sub", HubLimits.DEFAULT, registry);

    private double readers(String role) {
        return registry.get("nvr.hub.readers").tags("camera", "cam7", "stream", "sub", "role", role).gauge().value();
    }

    private double dropped(String role) {
        return registry.get("nvr.hub.reader.dropped.units").tags("camera", "cam7", "stream", "sub", "role", role)
                .counter().count();
    }

    @Test
    void readersGaugeCountsEachRole() {
        HubReader first = hub.subscribe("restream", 10, null);
        hub.subscribe("restream", 10, null);
        hub.subscribe("recorder", 10, null);

        assertThat(readers("restream")).isEqualTo(2.0);
        assertThat(readers("recorder")).isEqualTo(1.0);

        first.close();
        first.close();

        assertThat(readers("restream")).isEqualTo(1.0);
    }

    @Test
    void droppedUnitsCounterIsTaggedWithTheRoleOnly() {
        HubReader slow = hub.subscribe("recorder", 2, null);
        hub.subscribe("restream", 100, null);

        // K0 and 1 queued; 2 overflows (3 lost), 3 skipped (1 lost); 4 is a keyframe.
        hub.publish(key(0));
        hub.publish(delta(1));
        hub.publish(delta(2));
        hub.publish(delta(3));
        hub.publish(key(4));

        assertThat(slow.droppedUnits()).isEqualTo(4);
        assertThat(dropped("recorder")).isEqualTo(4.0);
        assertThat(dropped("restream")).isZero();
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getName()).startsWith("nvr.hub.");
            assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf("camera", "stream", "role")
                    .contains("camera", "stream");
        }
    }

    @Test
    void gopGaugesFollowTheCache() {
        hub.publish(key(0));
        hub.publish(delta(1));

        assertThat(registry.get("nvr.hub.gop.units").tags("camera", "cam7", "stream", "sub").gauge().value())
                .isEqualTo(2.0);
        // Two 8-byte slice starts.
        assertThat(registry.get("nvr.hub.gop.bytes").tags("camera", "cam7", "stream", "sub").gauge().value())
                .isEqualTo(16.0);
    }

    @Test
    void closingTheHubRemovesItsMeters() {
        hub.subscribe("recorder", 10, null);
        assertThat(registry.getMeters()).isNotEmpty();

        hub.close();

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void refusesMoreRolesThanTheLimitSinceRolesAreNotSessionIds() {
        for (int i = 0; i < HubMetrics.MAX_ROLES; i++) {
            hub.subscribe("role" + i, 1, null);
        }

        assertThatThrownBy(() -> hub.subscribe("one-too-many", 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roles");
        assertThat(hub.readerCount()).isEqualTo(HubMetrics.MAX_ROLES);
    }
}
