package org.nvr.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Sums of the NVR's meters over every stream, as the benchmark mains report them. */
final class Meters {
    private Meters() {
    }

    /** Sum of every counter named {@code name} (0 when there is none). */
    static double counterSum(MeterRegistry registry, String name) {
        double total = 0;
        for (Counter counter : registry.find(name).counters()) {
            total += counter.count();
        }
        return total;
    }

    /** Sum of the counters named {@code name} with tag {@code tagKey=tagValue} (0 when there is none). */
    static double counterSum(MeterRegistry registry, String name, String tagKey, String tagValue) {
        double total = 0;
        for (Counter counter : registry.find(name).tag(tagKey, tagValue).counters()) {
            total += counter.count();
        }
        return total;
    }

    /** Events recorded by the timers named {@code name} with tag {@code tagKey=tagValue} (0 when there is none). */
    static long timerCount(MeterRegistry registry, String name, String tagKey, String tagValue) {
        long total = 0;
        for (Timer timer : registry.find(name).tag(tagKey, tagValue).timers()) {
            total += timer.count();
        }
        return total;
    }

    /** Sum of every gauge named {@code name} (0 when there is none). */
    static double gaugeSum(MeterRegistry registry, String name) {
        double total = 0;
        for (Gauge gauge : registry.find(name).gauges()) {
            total += gauge.value();
        }
        return total;
    }
}
