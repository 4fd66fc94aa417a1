package org.nvr.core.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters one component registered, so that closing the component removes them all from the registry (a
 * deleted camera must not leave its series behind). Holds as many meters as its owner registers: a fixed set per
 * component, or one bounded by the owner (such as a hub's role limit). Not thread-safe: owners register and close
 * from one thread at a time.
 */
public final class MeterGroup implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    /** A group for meters registered in {@code registry}. */
    public MeterGroup(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Keeps {@code meter}, already registered in this group's registry, for {@link #close()}; returns it. */
    public <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Removes every kept meter from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
