package org.nvr.core.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.metrics.IngestMetrics;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtsp.client.MediaListener;
import org.nvr.core.rtsp.client.SessionEnd;
import org.nvr.core.rtsp.client.StreamSession;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.HubReader;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;

/** CameraIngest's retry loop, stall watchdog and gap reporting, driven through fake sessions. */
class CameraIngestTest {
    private static final VideoParameters PARAMETERS = new VideoParameters(
            new byte[] {0x67, 0x42, (byte) 0xc0, 0x1e, 0x01}, new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80},
            640, 360, 66, 30);
    private static final Instant T0 = Instant.parse("2026-11-24T10:15:00Z");

    private final EventLoop loop = new DefaultEventLoop();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamHub hub = new StreamHub("cam1", "main", HubLimits.DEFAULT, registry);
    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Long> openedAtNanos = new CopyOnWriteArrayList<>();
    private final List<SessionScript> scripts = new ArrayList<>();
    private CameraIngest ingest;

    /** What the n-th session does when started. */
    private interface SessionScript {
        void run(FakeSession session);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ingest != null) {
            ingest.stop().get(5, TimeUnit.SECONDS);
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void cameraOffAtStartIsRetriedWithGrowingDelaysAndNoGap() throws Exception {
        for (int i = 0; i < 5; i++) {
            scripts.add(s -> s.end(GapCause.NETWORK, "cannot connect: Connection refused"));
        }
        HubReader reader = hub.subscribe("test", 100, null);
        start(new IngestPolicy(Duration.ofMillis(500), Duration.ofMillis(40), Duration.ofMillis(200), 0));

        awaitSessions(5);
        List<Long> delaysMillis = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            delaysMillis.add(TimeUnit.NANOSECONDS.toMillis(openedAtNanos.get(i) - openedAtNanos.get(i - 1)));
        }
        // 40, 80, 160, 200 ms (capped), each at least its nominal delay.
        assertThat(delaysMillis.get(0)).isGreaterThanOrEqualTo(38);
        assertThat(delaysMillis.get(1)).isGreaterThanOrEqualTo(78);
        assertThat(delaysMillis.get(2)).isGreaterThanOrEqualTo(158);
        assertThat(delaysMillis.get(3)).isGreaterThanOrEqualTo(198).isLessThan(1000);
        assertThat(ingest.status().reconnects()).isGreaterThanOrEqualTo(4);
        assertThat(ingest.status().lastFailure()).contains("Connection refused");
        assertThat(reader.poll()).isNull();
        assertThat(registry.get("nvr.ingest.reconnects").counter().count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void oneInterruptionIsOneGapWithTheFirstFailuresCause() throws Exception {
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(0, true);
            s.deliver(3600, false);
            s.deliver(7200, false);
            s.end(GapCause.CAMERA, "connection closed by the camera");
        });
        scripts.add(s -> s.end(GapCause.NETWORK, "cannot connect: Connection refused"));
        scripts.add(s -> s.end(GapCause.NETWORK, "cannot connect: Connection refused"));
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(90_000 * 5, true);
            s.deliver(90_000 * 5 + 3600, false);
        });
        HubReader reader = hub.subscribe("test", 100, null);
        start(new IngestPolicy(Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(100), 0.2));

        List<StreamItem> items = drain(reader, 8);
        assertThat(items).hasSize(8);
        assertThat(items.get(0)).isEqualTo(PARAMETERS);
        assertThat(items.subList(1, 4)).allMatch(i -> i instanceof AccessUnit);
        // The gap closes what came before; then the new session's parameters and units follow.
        assertThat(items.get(4)).isInstanceOf(Gap.class);
        Gap gap = (Gap) items.get(4);
        assertThat(gap.cause()).isEqualTo(GapCause.CAMERA);
        assertThat(gap.detail()).isEqualTo("connection closed by the camera");
        // The gap starts where the last unit ends (7200 + one 3600-tick frame) and ends at the first new unit.
        assertThat(gap.start()).isEqualTo(wall(10_800));
        assertThat(gap.end()).isEqualTo(wall(90_000 * 5));
        assertThat(items.get(5)).isEqualTo(PARAMETERS);
        assertThat(((AccessUnit) items.get(6)).keyframe()).isTrue();
        assertThat(reader.poll(Duration.ofMillis(200))).isNull();
        assertThat(ingest.status().state()).isEqualTo(IngestState.STREAMING);
        assertThat(ingest.status().frames()).isEqualTo(5);
        assertThat(registry.get("nvr.ingest.gaps").tag("cause", "camera").counter().count()).isEqualTo(1);
        assertThat(registry.get("nvr.ingest.frames").counter().count()).isEqualTo(5);
        assertThat(registry.get("nvr.ingest.keyframes").counter().count()).isEqualTo(2);
        assertThat(registry.get("nvr.ingest.up").gauge().value()).isEqualTo(1);
    }

    @Test
    void aStalledSessionIsClosedAndTheGapSaysSo() throws Exception {
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(0, true);
        });
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(90_000, true);
        });
        HubReader reader = hub.subscribe("test", 100, null);
        start(new IngestPolicy(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(100), 0));

        List<StreamItem> items = drain(reader, 5);
        assertThat(sessions.get(0).closedByIngest).isTrue();
        Gap gap = (Gap) items.get(2);
        assertThat(gap.cause()).isEqualTo(GapCause.NETWORK);
        assertThat(gap.detail()).isEqualTo("no video for 300 ms");
    }

    @Test
    void aClockStepInsideASessionIsAGapOfCauseClock() throws Exception {
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(0, true);
            s.listener.onAccessUnit(new AccessUnit(3600, T0.plusSeconds(3600), ClockSource.RTCP_SR, false,
                    List.of(new byte[] {0x41, 0x01})), true);
        });
        HubReader reader = hub.subscribe("test", 100, null);
        start(IngestPolicy.DEFAULT);

        List<StreamItem> items = drain(reader, 4);
        Gap gap = (Gap) items.get(2);
        assertThat(gap.cause()).isEqualTo(GapCause.CLOCK);
        assertThat(gap.end()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void anInterruptionBeforeStartBecomesAGapAtTheFirstUnit() throws Exception {
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(0, true);
        });
        HubReader reader = hub.subscribe("test", 100, null);
        ingest = new CameraIngest("camera cam1/main", (l, listener) -> {
            FakeSession s = new FakeSession(listener, sessions.size());
            sessions.add(s);
            return s;
        }, hub, loop, NvrClock.SYSTEM, IngestPolicy.DEFAULT, new IngestMetrics(registry, "cam1", "main"),
                new Random(1));
        ingest.interruptedSince(T0.minusSeconds(90), GapCause.RESTART, "NVR restarted");
        ingest.start();

        List<StreamItem> items = drain(reader, 3);
        assertThat(items.get(0)).isEqualTo(new Gap(T0.minusSeconds(90), T0, GapCause.RESTART, "NVR restarted"));
        assertThat(items.get(1)).isEqualTo(PARAMETERS);
        assertThat(items.get(2)).isInstanceOf(AccessUnit.class);
    }

    @Test
    void stopTearsDownTheSessionAndStopsRetrying() throws Exception {
        scripts.add(s -> {
            s.listener.onParameters(PARAMETERS);
            s.deliver(0, true);
        });
        start(IngestPolicy.DEFAULT);
        awaitSessions(1);
        ingest.stop().get(5, TimeUnit.SECONDS);
        assertThat(sessions.get(0).closedByIngest).isTrue();
        assertThat(ingest.status().state()).isEqualTo(IngestState.STOPPED);
        Thread.sleep(100);
        assertThat(sessions).hasSize(1);
        assertThat(registry.get("nvr.ingest.up").gauge().value()).isZero();
    }

    private void start(IngestPolicy policy) {
        ingest = new CameraIngest("camera cam1/main", (l, listener) -> {
            FakeSession s = new FakeSession(listener, sessions.size());
            sessions.add(s);
            openedAtNanos.add(System.nanoTime());
            return s;
        }, hub, loop, NvrClock.SYSTEM, policy, new IngestMetrics(registry, "cam1", "main"), new Random(1));
        ingest.start();
    }

    private void awaitSessions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sessions.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sessions).hasSizeGreaterThanOrEqualTo(count);
    }

    private static List<StreamItem> drain(HubReader reader, int count) throws InterruptedException {
        List<StreamItem> items = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (items.size() < count && System.nanoTime() < deadline) {
            StreamItem item = reader.poll(Duration.ofMillis(50));
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private static Instant wall(long pts90k) {
        return T0.plusNanos(pts90k * 1_000_000_000L / 90_000);
    }

    /** A session that plays its script (on the event loop) when started. */
    private final class FakeSession implements StreamSession {
        final MediaListener listener;
        final int index;
        final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();
        volatile boolean closedByIngest;

        FakeSession(MediaListener listener, int index) {
            this.listener = listener;
            this.index = index;
        }

        @Override
        public void start() {
            if (index < scripts.size()) {
                loop.execute(() -> scripts.get(index).run(this));
            }
        }

        @Override
        public void close() {
            closedByIngest = true;
            loop.execute(() -> ended.complete(new SessionEnd(GapCause.RESTART, "closed by the NVR", true)));
        }

        @Override
        public CompletableFuture<SessionEnd> ended() {
            return ended;
        }

        void deliver(long pts90k, boolean keyframe) {
            listener.onAccessUnit(new AccessUnit(pts90k, wall(pts90k), ClockSource.RTCP_SR, keyframe,
                    List.of(new byte[] {(byte) (keyframe ? 0x65 : 0x41), 0x01})), false);
        }

        void end(GapCause cause, String detail) {
            ended.complete(new SessionEnd(cause, detail, false));
        }
    }
}
