package org.nvr.core.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.core.metrics.MeterGroup;

/**
 * A hub's meters, tagged {@code camera} and {@code stream}, and {@code role} for per-reader ones (STYLE.md
 * rule 12: never a session id). Not thread-safe: {@link StreamHub} calls it under its lock.
 *
 * <ul>
 *   <li>{@code nvr.hub.readers} (gauge, per role): readers subscribed now</li>
 *   <li>{@code nvr.hub.reader.dropped.units} (counter, per role): access units readers lost by falling
 *       behind</li>
 *   <li>{@code nvr.hub.gop.units}, {@code nvr.hub.gop.bytes} (gauges): what the GOP cache holds</li>
 * </ul>
 */
final class HubMetrics {
    /** Most distinct roles per hub: roles are a handful of component names, so more is a caller bug. */
    static final int MAX_ROLES = 16;

    /** One role's meters. */
    static final class RoleMeters {
        final AtomicInteger readers = new AtomicInteger();
        final Counter droppedUnits;

        private RoleMeters(Counter droppedUnits) {
            this.droppedUnits = droppedUnits;
        }
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, RoleMeters> roles = new HashMap<>();
    private final MeterGroup meters;

    HubMetrics(MeterRegistry registry, String cameraId, String streamName, StreamHub hub) {
        this.registry = registry;
        this.tags = Tags.of("camera", cameraId, "stream", streamName);
        this.meters = new MeterGroup(registry);
        meters.register(Gauge.builder("nvr.hub.gop.units", hub, StreamHub::gopUnits)
                .description("Access units in the GOP cache").baseUnit("units").tags(tags).register(registry));
        meters.register(Gauge.builder("nvr.hub.gop.bytes", hub, StreamHub::gopBytes)
                .description("NAL unit payload bytes in the GOP cache").baseUnit("bytes").tags(tags)
                .register(registry));
    }

    /** The meters of a role, registered on first use. */
    RoleMeters role(String role) {
        RoleMeters existing = roles.get(role);
        if (existing != null) {
            return existing;
        }
        if (roles.size() >= MAX_ROLES) {
            throw new IllegalArgumentException("more than " + MAX_ROLES + " reader roles on one hub; roles are"
                    + " component names such as 'recorder', not session ids: " + roles.keySet() + " + " + role);
        }
        Tags roleTags = tags.and("role", role);
        Counter dropped = Counter.builder("nvr.hub.reader.dropped.units")
                .description("Access units a reader lost by falling behind (it skips to the next keyframe)")
                .baseUnit("units").tags(roleTags).register(registry);
        RoleMeters created = new RoleMeters(dropped);
        meters.register(dropped);
        meters.register(Gauge.builder("nvr.hub.readers", created.readers, AtomicInteger::get)
                .description("Readers subscribed to the stream").tags(roleTags).register(registry));
        roles.put(role, created);
        return created;
    }

    /** Removes every meter of this hub from the registry. */
    void remove() {
        meters.close();
        roles.clear();
    }
}
