package org.nvr.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.GapCause;

class IngestMetricsTest {
    private static final long SECOND = 1_000_000_000L;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry, "cam1", "main");

    private double gauge(String name) {
        return registry.get(name).tag("camera", "cam1").tag("stream", "main").gauge().value();
    }

    @Test
    void ratesComeFromTheFramesBetweenTwoTicks() {
        metrics.tick(0);
        for (int i = 0; i < 25; i++) {
            metrics.frame(20_000, i == 0, i * SECOND / 25);
        }
        metrics.tick(SECOND);
        assertThat(gauge("nvr.ingest.fps")).isCloseTo(25, within(1e-9));
        assertThat(gauge("nvr.ingest.bitrate")).isCloseTo(25 * 20_000 * 8, within(1e-6));
        // The status API reads the same rates as the gauges.
        assertThat(metrics.framesPerSecond()).isEqualTo(gauge("nvr.ingest.fps"));
        assertThat(metrics.bitsPerSecond()).isEqualTo(gauge("nvr.ingest.bitrate"));
        assertThat(registry.get("nvr.ingest.frames").counter().count()).isEqualTo(25);
        assertThat(registry.get("nvr.ingest.keyframes").counter().count()).isEqualTo(1);
        assertThat(registry.get("nvr.ingest.bytes").counter().count()).isEqualTo(500_000);

        // A second with no video: the rates fall to zero and the last frame ages.
        metrics.tick(2 * SECOND);
        assertThat(gauge("nvr.ingest.fps")).isZero();
        assertThat(metrics.framesPerSecond()).isZero();
        assertThat(gauge("nvr.ingest.last.frame.age")).isCloseTo(2 - 24.0 / 25, within(1e-9));
    }

    @Test
    void lastFrameAgeIsNaNBeforeTheFirstFrame() {
        assertThat(gauge("nvr.ingest.last.frame.age")).isNaN();
    }

    @Test
    void lossReconnectsGapsAndUp() {
        metrics.loss(7, 2);
        metrics.reconnect();
        metrics.gap(GapCause.NETWORK);
        metrics.up(true);
        assertThat(registry.get("nvr.ingest.packets.lost").counter().count()).isEqualTo(7);
        assertThat(registry.get("nvr.ingest.frames.dropped").counter().count()).isEqualTo(2);
        assertThat(registry.get("nvr.ingest.reconnects").counter().count()).isEqualTo(1);
        assertThat(registry.get("nvr.ingest.gaps").tag("cause", "network").counter().count()).isEqualTo(1);
        assertThat(registry.get("nvr.ingest.gaps").tag("cause", "camera").counter().count()).isZero();
        assertThat(gauge("nvr.ingest.up")).isEqualTo(1);
    }

    @Test
    void closeRemovesEveryMeterOfTheStream() {
        assertThat(registry.getMeters()).isNotEmpty();
        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
