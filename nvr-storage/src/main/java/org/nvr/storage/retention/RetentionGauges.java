package org.nvr.storage.retention;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.time.NvrClock;

/**
 * The storage gauges: {@code nvr.storage.disk.free.bytes}, and per camera {@code nvr.storage.bytes} and
 * {@code nvr.storage.oldest.recording.age.seconds}. Per-camera values are refreshed after each retention run (a
 * scrape never queries the index); the age is computed at scrape time from the oldest start seen. One entry per
 * camera in the index: bounded by the configured cameras.
 */
final class RetentionGauges {
    /** One camera's latest values. */
    private static final class CameraValues {
        volatile long bytes;
        volatile Instant oldest;
    }

    private final MeterRegistry registry;
    private final NvrClock clock;
    private final DiskSpace disk;
    private final Map<String, CameraValues> cameras = new ConcurrentHashMap<>();

    RetentionGauges(MeterRegistry registry, NvrClock clock, DiskSpace disk) {
        this.registry = registry;
        this.clock = clock;
        this.disk = disk;
        Gauge.builder("nvr.storage.disk.free.bytes", this, RetentionGauges::freeBytes).baseUnit("bytes")
                .description("usable bytes left on the recordings file system").register(registry);
    }

    /** Records a camera's bytes and oldest recording (empty when it has none). */
    void update(String camera, long bytes, Optional<RecordedSpan> span) {
        CameraValues values = cameras.computeIfAbsent(camera, this::register);
        values.bytes = bytes;
        values.oldest = span.map(RecordedSpan::first).orElse(null);
    }

    private CameraValues register(String camera) {
        CameraValues values = new CameraValues();
        Gauge.builder("nvr.storage.bytes", values, v -> v.bytes).tag("camera", camera).baseUnit("bytes")
                .description("bytes of a camera's indexed segments").register(registry);
        Gauge.builder("nvr.storage.oldest.recording.age.seconds", values, this::ageSeconds).tag("camera", camera)
                .baseUnit("seconds").description("age of a camera's oldest recording").register(registry);
        return values;
    }

    private double ageSeconds(CameraValues values) {
        Instant oldest = values.oldest;
        return oldest == null ? Double.NaN : Duration.between(oldest, clock.wallNow()).toMillis() / 1000.0;
    }

    private double freeBytes() {
        try {
            return disk.usableBytes();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
