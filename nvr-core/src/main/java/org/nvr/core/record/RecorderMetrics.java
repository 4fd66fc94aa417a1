package org.nvr.core.record;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.nvr.core.metrics.MeterGroup;

/**
 * A recorder's meters, tagged {@code camera} and {@code stream} (STYLE.md rule 12):
 * <ul>
 *   <li>{@code nvr.record.segments} (counter, tag {@code reason}): segments finished durably, by end reason</li>
 *   <li>{@code nvr.record.bytes} (counter): bytes of those segments</li>
 *   <li>{@code nvr.record.frames} (counter): access units written</li>
 *   <li>{@code nvr.record.segment.duration} (summary, seconds): media duration of finished segments</li>
 *   <li>{@code nvr.record.write.errors} (counter): failed creates, appends, finishes</li>
 *   <li>{@code nvr.record.index.errors} (counter): failed index writes (retried)</li>
 *   <li>{@code nvr.record.skipped.units} (counter): units not written: before a usable keyframe, or while
 *       writing is failing</li>
 * </ul>
 * Updated by the recorder's drain (one thread at a time); meters are thread-safe for the scrapers.
 */
final class RecorderMetrics implements AutoCloseable {
    private final MeterGroup meters;
    private final Map<EndReason, Counter> segments = new EnumMap<>(EndReason.class);
    private final Counter bytes;
    private final Counter frames;
    private final DistributionSummary segmentSeconds;
    private final Counter writeErrors;
    private final Counter indexErrors;
    private final Counter skippedUnits;

    RecorderMetrics(MeterRegistry registry, StreamKey stream) {
        this.meters = new MeterGroup(registry);
        Tags tags = Tags.of("camera", stream.cameraId(), "stream", stream.streamName());
        for (EndReason reason : EndReason.values()) {
            segments.put(reason, meters.register(Counter.builder("nvr.record.segments")
                    .description("segments finished, by end reason").tags(tags)
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry)));
        }
        bytes = meters.register(Counter.builder("nvr.record.bytes").baseUnit("bytes")
                .description("bytes of finished segments").tags(tags).register(registry));
        frames = meters.register(Counter.builder("nvr.record.frames").description("access units written")
                .tags(tags).register(registry));
        segmentSeconds = meters.register(DistributionSummary.builder("nvr.record.segment.duration")
                .baseUnit("seconds").description("media duration of finished segments").tags(tags)
                .register(registry));
        writeErrors = meters.register(Counter.builder("nvr.record.write.errors")
                .description("failed segment creates, appends and finishes").tags(tags).register(registry));
        indexErrors = meters.register(Counter.builder("nvr.record.index.errors")
                .description("failed index writes (kept and retried)").tags(tags).register(registry));
        skippedUnits = meters.register(Counter.builder("nvr.record.skipped.units")
                .description("access units not written: before a usable keyframe or while writing fails")
                .tags(tags).register(registry));
    }

    void segment(SegmentSummary summary) {
        segments.get(summary.endReason()).increment();
        bytes.increment(summary.bytes());
        segmentSeconds.record(summary.mediaDuration90k() / 90_000.0);
    }

    void frame() {
        frames.increment();
    }

    void writeError() {
        writeErrors.increment();
    }

    void indexError() {
        indexErrors.increment();
    }

    void skipped() {
        skippedUnits.increment();
    }

    /** Removes the recorder's meters. */
    @Override
    public void close() {
        meters.close();
    }
}
