package org.nvr.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramGauges;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The recording benchmark's meter registry: a {@link SimpleMeterRegistry} whose {@value #FSYNC_TIMER} timers
 * (nvr-storage's {@code FsyncTimers}, tags {@code kind=file|directory}) also hand each fsync's duration to a
 * {@link LatencyWindow}. The timers stay as the product registers them (percentile histogram, service level
 * buckets) and are built as {@code SimpleMeterRegistry} builds every timer in its default cumulative mode.
 *
 * <p>Why not read the timer: Micrometer's max and client-side percentiles decay over rotating time windows
 * (the registry's 1-minute step, in 3 buffers) that start when the timer is registered and cannot be lined up with
 * the script's window, and its histogram buckets are up to a third wide; the window here keeps every duration, so its
 * p50, p99 and max are exact and cover exactly the measured window.
 */
final class FsyncWindowRegistry extends SimpleMeterRegistry {
    /** {@code org.nvr.storage.segment.FsyncTimers.NAME} (package-private there). */
    static final String FSYNC_TIMER = "nvr.storage.fsync";

    private final LatencyWindow fsyncs;

    FsyncWindowRegistry(LatencyWindow fsyncs) {
        this.fsyncs = Objects.requireNonNull(fsyncs, "fsyncs");
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        if (!FSYNC_TIMER.equals(id.getName())) {
            return super.newTimer(id, config, pauseDetector);
        }
        DistributionStatisticConfig merged = config.merge(DistributionStatisticConfig.builder()
                .expiry(SimpleConfig.DEFAULT.step()).build());
        Timer timer = new CumulativeTimer(id, clock, merged, pauseDetector, getBaseTimeUnit(), false) {
            @Override
            protected void recordNonNegative(long amount, TimeUnit unit) {
                super.recordNonNegative(amount, unit);
                fsyncs.record(unit.toNanos(amount));
            }
        };
        HistogramGauges.registerWithCommonFormat(timer, this);
        return timer;
    }
}
