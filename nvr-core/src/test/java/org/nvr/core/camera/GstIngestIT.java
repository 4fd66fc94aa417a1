package org.nvr.core.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.SessionEnd;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.HubReader;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.testing.CollectingMediaListener;
import org.nvr.core.testing.GstRtspCamera;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.TestMedia;
import org.nvr.core.time.NvrClock;

/**
 * Ingest from the GStreamer RTSP server, a real third-party camera stand-in (PEERS.md), over TCP and UDP, with
 * and without Digest auth; and a camera that dies mid-stream and comes back.
 */
class GstIngestIT {
    private static final int GOP = 50;
    private static EventLoopGroup group;
    private static Path clip;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** An access unit and the moment our reader took it from the hub. */
    private record Received(StreamItem item, Instant receivedAt) {
    }

    @BeforeAll
    static void setUp() {
        Peers.requireGstRtspServer();
        Peers.requireFfmpeg();
        // 8 s of 640x360 at 25 fps, a keyframe every 50 frames and no B-frames, encoded once and cached.
        clip = TestMedia.h264Clip(640, 360, 25, 8, GOP, 1500);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void tearDownAll() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private GstRtspCamera camera(GstRtspCamera.Builder builder) {
        GstRtspCamera camera = builder.file(clip).fps(25).mounts("cam1").build().start();
        closeables.add(camera);
        return camera;
    }

    private HubReader ingest(RtspClientConfig config, IngestPolicy policy) {
        StreamHub hub = new StreamHub("cam1", "main", HubLimits.DEFAULT, registry);
        HubReader reader = hub.subscribe("test", 10_000, null);
        CameraIngest ingest = new CameraIngest("camera cam1/main",
                (loop, listener) -> new RtspClientSession(config, "camera cam1/main", loop, NvrClock.SYSTEM, listener),
                hub, group.next(), NvrClock.SYSTEM, policy, new IngestMetrics(registry, "cam1", "main"),
                new Random());
        closeables.add(ingest);
        ingest.start();
        return reader;
    }

    private static List<Received> collect(HubReader reader, Duration duration) throws InterruptedException {
        List<Received> items = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            StreamItem item = reader.poll(Duration.ofMillis(20));
            if (item != null) {
                items.add(new Received(item, Instant.now()));
            }
        }
        return items;
    }

    private static List<AccessUnit> units(List<Received> items) {
        List<AccessUnit> units = new ArrayList<>();
        items.forEach(r -> {
            if (r.item() instanceof AccessUnit u) {
                units.add(u);
            }
        });
        return units;
    }

    /** Frames in order at 25 fps, keyframes every GOP, wall clock within 100 ms of when we received them. */
    private static void assertCleanStream(List<Received> items, int minFrames) {
        assertThat(items).isNotEmpty();
        assertThat(items.get(0).item()).isInstanceOfSatisfying(VideoParameters.class, p -> {
            assertThat(p.width()).isEqualTo(640);
            assertThat(p.height()).isEqualTo(360);
        });
        assertThat(items).noneMatch(r -> r.item() instanceof Gap);
        List<AccessUnit> units = units(items);
        assertThat(units).hasSizeGreaterThanOrEqualTo(minFrames);
        assertThat(units.get(0).keyframe()).isTrue();
        List<Integer> keyframeIndexes = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            if (i > 0) {
                assertThat(units.get(i).pts90k() - units.get(i - 1).pts90k())
                        .as("PTS step at frame %d", i).isEqualTo(3600);
            }
            if (units.get(i).keyframe()) {
                keyframeIndexes.add(i);
            }
        }
        for (int k = 1; k < keyframeIndexes.size(); k++) {
            assertThat(keyframeIndexes.get(k) - keyframeIndexes.get(k - 1)).isEqualTo(GOP);
        }
        // The camera runs on this machine's clock, so a frame's wall clock (from its Sender Reports) and the time
        // it arrived differ only by the camera's own pipeline and scheduling: tens of milliseconds on a quiet
        // machine, up to about 120 ms seen on a 2-core CI machine running several JVMs. 250 ms still catches a
        // wrong SR pairing or a receive-clock fallback that drifted (both are off by seconds).
        for (Received r : items) {
            if (r.item() instanceof AccessUnit u) {
                long skewMillis = Math.abs(Duration.between(u.wallClock(), r.receivedAt()).toMillis());
                assertThat(skewMillis).as("wall clock of %s vs received %s", u, r.receivedAt()).isLessThan(250);
            }
        }
    }

    @Test
    void tcpInterleaved() throws Exception {
        GstRtspCamera camera = camera(GstRtspCamera.builder());
        HubReader reader = ingest(RtspClientConfig.of(camera.url("cam1"), null, null, TransportMode.TCP),
                IngestPolicy.DEFAULT);
        List<Received> items = collect(reader, Duration.ofSeconds(6));
        assertCleanStream(items, 100);
        assertThat(registry.get("nvr.ingest.packets.lost").counter().count()).isZero();
    }

    @Test
    void udp() throws Exception {
        GstRtspCamera camera = camera(GstRtspCamera.builder());
        HubReader reader = ingest(RtspClientConfig.of(camera.url("cam1"), null, null, TransportMode.UDP),
                IngestPolicy.DEFAULT);
        List<Received> items = collect(reader, Duration.ofSeconds(6));
        assertCleanStream(items, 100);
    }

    @Test
    void digestAuthOverTcpAndUdp() throws Exception {
        GstRtspCamera camera = camera(GstRtspCamera.builder().digestAuth("operator", "s3cret-Pa55"));
        HubReader tcp = ingest(RtspClientConfig.of(camera.url("cam1"), "operator", "s3cret-Pa55", TransportMode.TCP),
                IngestPolicy.DEFAULT);
        assertCleanStream(collect(tcp, Duration.ofSeconds(6)), 60);
        HubReader udp = ingest(RtspClientConfig.of(camera.url("cam1"), "operator", "s3cret-Pa55", TransportMode.UDP),
                IngestPolicy.DEFAULT);
        assertCleanStream(collect(udp, Duration.ofSeconds(6)), 60);
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        GstRtspCamera camera = camera(GstRtspCamera.builder().digestAuth("operator", "s3cret-Pa55"));
        RtspClientSession session = new RtspClientSession(
                RtspClientConfig.of(camera.url("cam1"), "operator", "Not-The-Pa55word", TransportMode.TCP),
                "camera cam1/main", group.next(), NvrClock.SYSTEM, new CollectingMediaListener());
        session.start();
        SessionEnd end = session.ended().get(10, TimeUnit.SECONDS);
        assertThat(end.cause()).isEqualTo(GapCause.CAMERA);
        assertThat(end.detail()).contains("401").contains("wrong user or password").doesNotContain("Not-The-Pa55word");
    }

    @Test
    void cameraKilledAndRestartedIsOneGapAndVideoResumesWithinTheBackoffBound() throws Exception {
        GstRtspCamera camera = camera(GstRtspCamera.builder());
        HubReader reader = ingest(RtspClientConfig.of(camera.url("cam1"), null, null, TransportMode.TCP),
                IngestPolicy.DEFAULT);
        List<Received> before = collect(reader, Duration.ofSeconds(3));
        assertThat(units(before)).hasSizeGreaterThan(40);

        Instant killedAt = Instant.now();
        camera.kill();
        List<Received> during = collect(reader, Duration.ofSeconds(4));
        camera.restart();
        Instant restartedAt = Instant.now();
        // Failures so far: about 3 (delays 1, 2, 4 s, each at most its ceiling), so the next attempt comes at most
        // 8 s after the restart; allow the camera 2 s more to send its first keyframe.
        List<Received> after = collect(reader, Duration.ofSeconds(10));

        List<Received> all = new ArrayList<>(before);
        all.addAll(during);
        all.addAll(after);
        List<Gap> gaps = new ArrayList<>();
        all.forEach(r -> {
            if (r.item() instanceof Gap g) {
                gaps.add(g);
            }
        });
        assertThat(gaps).hasSize(1);
        Gap gap = gaps.get(0);
        assertThat(gap.cause()).isIn(GapCause.NETWORK, GapCause.CAMERA);
        assertThat(Duration.between(gap.start(), killedAt).abs()).isLessThan(Duration.ofMillis(500));
        assertThat(gap.end()).isAfter(restartedAt);
        assertThat(Duration.between(restartedAt, gap.end())).isLessThan(Duration.ofSeconds(10));
        List<AccessUnit> resumed = units(after);
        assertThat(resumed).hasSizeGreaterThan(25);
        assertThat(resumed.get(0).keyframe()).isTrue();
        assertThat(resumed.get(0).wallClock()).isEqualTo(gap.end());
        assertThat(registry.get("nvr.ingest.reconnects").counter().count()).isGreaterThanOrEqualTo(1);
    }
}
