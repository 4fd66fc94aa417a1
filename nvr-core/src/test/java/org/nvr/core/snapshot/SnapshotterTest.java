package org.nvr.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.nvr.core.h264.NalUnitType;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.NvrException;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;

class SnapshotterTest {
    private final StreamHub hub = new StreamHub("cam1", "main", HubLimits.DEFAULT, new SimpleMeterRegistry());

    @Test
    void takesTheCachedKeyframeAsAJpegAndLeavesNoReader() throws Exception {
        AccessUnit key = SolidFrames.keyframe(96, 64, 81, 90, 240);
        hub.publish(SpsParser.toVideoParameters(nal(key, NalUnitType.SPS), nal(key, NalUnitType.PPS)));
        hub.publish(key);
        Snapshot snapshot = new Snapshotter(SnapshotOptions.DEFAULTS).take(hub);
        assertThat(snapshot.width()).isEqualTo(96);
        assertThat(snapshot.height()).isEqualTo(64);
        assertThat(snapshot.capturedAt()).isEqualTo(SolidFrames.T0);
        // JPEG SOI marker, then a picture ImageIO reads back as red.
        assertThat(snapshot.jpeg()[0]).isEqualTo((byte) 0xff);
        assertThat(snapshot.jpeg()[1]).isEqualTo((byte) 0xd8);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(snapshot.jpeg()));
        assertThat(image.getWidth()).isEqualTo(96);
        int rgb = image.getRGB(48, 32);
        assertThat(rgb >> 16 & 0xff).isGreaterThan(230);
        assertThat(rgb >> 8 & 0xff).isLessThan(30);
        assertThat(hub.readerCount()).isZero();
    }

    @Test
    void withoutAKeyframeInTimeItIsUnavailable() {
        SnapshotOptions quick = new SnapshotOptions(4096, 4096, 2, Duration.ofMillis(50), 0.85f);
        assertThatThrownBy(() -> new Snapshotter(quick).take(hub)).isInstanceOfSatisfying(NvrException.class,
                e -> assertThat(e.kind()).isEqualTo(NvrException.Kind.UNAVAILABLE))
                .hasMessage("no picture yet: no keyframe within 50 ms");
        assertThat(hub.readerCount()).isZero();
    }

    @Test
    void aClosedHubIsUnavailable() {
        hub.close();
        assertThatThrownBy(() -> new Snapshotter(SnapshotOptions.DEFAULTS).take(hub))
                .isInstanceOf(NvrException.class).hasMessage("the stream stopped");
    }

    @Test
    void moreSnapshotsThanAllowedAtOnceAreRefusedNotQueued() throws Exception {
        SnapshotOptions one = new SnapshotOptions(4096, 4096, 1, Duration.ofSeconds(5), 0.85f);
        Snapshotter snapshotter = new Snapshotter(one);
        Thread waiting = new Thread(() -> {
            try {
                snapshotter.take(hub);
            } catch (InterruptedException | NvrException e) {
                // Expected end of the waiting snapshot: interrupted below, or stopped by the hub closing.
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hub.readerCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(hub.readerCount()).isEqualTo(1);
        assertThatThrownBy(() -> snapshotter.take(hub)).isInstanceOf(NvrException.class)
                .hasMessage("1 snapshots are being made already; retry");
        waiting.interrupt();
        waiting.join(5000);
        assertThat(waiting.isAlive()).isFalse();
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new SnapshotOptions(8, 4096, 2, Duration.ofSeconds(1), 0.85f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("picture limit 8x4096");
        assertThatThrownBy(() -> new SnapshotOptions(4096, 4096, 0, Duration.ofSeconds(1), 0.85f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrent 0");
        assertThatThrownBy(() -> new SnapshotOptions(4096, 4096, 2, Duration.ofSeconds(1), 1.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jpegQuality 1.5");
    }

    private static byte[] nal(AccessUnit unit, int type) {
        List<byte[]> nalus = unit.nalus();
        return nalus.stream().filter(n -> NalUnitType.type(n) == type).findFirst().orElseThrow();
    }
}
