package org.nvr.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;
import org.nvr.core.model.GapCause;

/**
 * Per camera stream ingest metrics ({@code nvr.ingest.*}, tagged {@code camera} and {@code stream}).
 * Counters are updated on the camera's event loop; rates are recomputed once a second by {@link #tick(long)}.
 */
public final class IngestMetrics implements AutoCloseable {
    private final MeterGroup meters;
    private final Counter bytes;
    private final Counter frames;
    private final Counter keyframes;
    private final Counter lostPackets;
    private final Counter droppedFrames;
    private final Counter reconnects;
    private final Map<GapCause, Counter> gaps = new EnumMap<>(GapCause.class);

    private volatile double up;
    private volatile double framesPerSecond;
    private volatile double bitsPerSecond;
    private volatile long lastFrameNanos = Long.MIN_VALUE;
    private volatile long nowNanos;
    private long windowStartNanos = Long.MIN_VALUE;
    private long windowFrames;
    private long windowBytes;

    public IngestMetrics(MeterRegistry registry, String cameraId, String streamName) {
        this.meters = new MeterGroup(registry);
        Tags tags = Tags.of("camera", cameraId, "stream", streamName);
        bytes = meters.register(Counter.builder("nvr.ingest.bytes").baseUnit("bytes")
                .description("H.264 payload bytes received").tags(tags).register(registry));
        frames = meters.register(Counter.builder("nvr.ingest.frames").description("access units received")
                .tags(tags).register(registry));
        keyframes = meters.register(Counter.builder("nvr.ingest.keyframes").description("IDR access units received")
                .tags(tags).register(registry));
        lostPackets = meters.register(Counter.builder("nvr.ingest.packets.lost")
                .description("RTP packets lost (sequence gaps)").tags(tags).register(registry));
        droppedFrames = meters.register(Counter.builder("nvr.ingest.frames.dropped")
                .description("access units dropped after loss, waiting for a keyframe").tags(tags).register(registry));
        reconnects = meters.register(Counter.builder("nvr.ingest.reconnects")
                .description("connection attempts after a failure").tags(tags).register(registry));
        for (GapCause cause : GapCause.values()) {
            gaps.put(cause, meters.register(Counter.builder("nvr.ingest.gaps").description("interruptions, by cause")
                    .tags(tags).tag("cause", cause.name().toLowerCase(java.util.Locale.ROOT)).register(registry)));
        }
        meters.register(Gauge.builder("nvr.ingest.up", this, m -> m.up)
                .description("1 while the stream delivers video").tags(tags).strongReference(true).register(registry));
        meters.register(Gauge.builder("nvr.ingest.fps", this, m -> m.framesPerSecond)
                .description("frames per second over the last second").tags(tags).strongReference(true)
                .register(registry));
        meters.register(Gauge.builder("nvr.ingest.bitrate", this, m -> m.bitsPerSecond).baseUnit("bits/s")
                .description("video bit rate over the last second").tags(tags).strongReference(true)
                .register(registry));
        meters.register(Gauge.builder("nvr.ingest.last.frame.age", this, IngestMetrics::lastFrameAgeSeconds)
                .baseUnit("seconds").description("time since the last access unit (NaN before the first)")
                .tags(tags).strongReference(true).register(registry));
    }

    /** One access unit of {@code payloadBytes} arrived at monotonic time {@code atNanos}. */
    public void frame(int payloadBytes, boolean keyframe, long atNanos) {
        frames.increment();
        bytes.increment(payloadBytes);
        if (keyframe) {
            keyframes.increment();
        }
        windowFrames++;
        windowBytes += payloadBytes;
        lastFrameNanos = atNanos;
        nowNanos = atNanos;
    }

    public void loss(long packets, long frames) {
        lostPackets.increment(packets);
        droppedFrames.increment(frames);
    }

    public void reconnect() {
        reconnects.increment();
    }

    public void gap(GapCause cause) {
        gaps.get(cause).increment();
    }

    public void up(boolean isUp) {
        up = isUp ? 1 : 0;
    }

    /** Recomputes the rates; call about once a second with the monotonic time. */
    public void tick(long atNanos) {
        nowNanos = atNanos;
        if (windowStartNanos == Long.MIN_VALUE) {
            windowStartNanos = atNanos;
            return;
        }
        double seconds = (atNanos - windowStartNanos) / 1e9;
        if (seconds <= 0) {
            return;
        }
        framesPerSecond = windowFrames / seconds;
        bitsPerSecond = windowBytes * 8 / seconds;
        windowFrames = 0;
        windowBytes = 0;
        windowStartNanos = atNanos;
    }

    /** Frames per second over the last {@link #tick(long)} window (0 before the first full window). */
    public double framesPerSecond() {
        return framesPerSecond;
    }

    /** Video payload bits per second over the last {@link #tick(long)} window (0 before the first full window). */
    public double bitsPerSecond() {
        return bitsPerSecond;
    }

    private double lastFrameAgeSeconds() {
        long last = lastFrameNanos;
        return last == Long.MIN_VALUE ? Double.NaN : Math.max(0, (nowNanos - last) / 1e9);
    }

    /** Removes this stream's meters (camera deleted or stopped). */
    @Override
    public void close() {
        meters.close();
    }
}
