package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.testing.CollectingMediaListener;
import org.nvr.core.testing.StreamItems;
import org.nvr.core.time.NvrClock;

/** Live re-streaming end to end: a hub fed with fixture units, pulled by the project's own RTSP client. */
class LiveRestreamTest {

    private ServerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withLimits(16, 30));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(value = TransportMode.class, names = {"TCP", "UDP"})
    void clientReceivesEveryFrameInOrderFromTheCachedKeyframe(TransportMode mode) throws Exception {
        fixture.hub().publish(StreamItems.parameters());
        StreamItems.publishFrames(fixture.hub(), 0, 10); // GOP cache: keyframe 0 and 9 deltas
        CollectingMediaListener listener = new CollectingMediaListener();
        RtspClientSession session = new RtspClientSession(RtspClientConfig.of(fixture.url("/cam1"),
                ServerFixture.USER, ServerFixture.PASSWORD, mode), "restream test", fixture.group.next(),
                NvrClock.SYSTEM, listener);
        session.start();
        session.playing().get(10, TimeUnit.SECONDS);
        for (long n = 10; n < 60; n++) {
            fixture.hub().publish(StreamItems.frame(n));
            Thread.sleep(2);
        }
        List<AccessUnit> units = listener.awaitUnits(60, Duration.ofSeconds(10));
        session.close();
        session.ended().get(10, TimeUnit.SECONDS);

        assertThat(listener.items().get(0)).isInstanceOf(VideoParameters.class);
        assertThat(((VideoParameters) listener.items().get(0)).sameSets(StreamItems.parameters())).isTrue();
        assertThat(units.get(0).keyframe()).isTrue();
        assertThat(units).hasSize(60);
        for (int i = 1; i < units.size(); i++) {
            assertThat(units.get(i).pts90k() - units.get(i - 1).pts90k()).as("unit %d", i)
                    .isEqualTo(StreamItems.FRAME_90K);
            assertThat(units.get(i).nalus().get(units.get(i).nalus().size() - 1))
                    .isEqualTo(StreamItems.frame(i).nalus().get(0));
        }
        assertThat(fixture.audit.withAction("live.view")).hasSize(1);
        assertThat(fixture.audit.withAction("live.view").get(0).detail())
                .containsEntry("camera", "cam1").containsEntry("stream", "main")
                .containsEntry("transport", mode == TransportMode.TCP ? "tcp" : "udp");
        assertThat(fixture.counter("nvr.rtsp.bytes.out", "camera", "cam1", "stream", "main")).isPositive();
    }

    @Test
    void aClientThatStopsReadingDoesNotHoldBackAnother() throws Exception {
        fixture.hub().publish(StreamItems.parameters());
        StreamItems.publishFrames(fixture.hub(), 0, 1);
        try (RawRtspClient stalled = RawRtspClient.withReceiveBuffer(fixture.port, ServerFixture.USER,
                ServerFixture.PASSWORD, 4096)) {
            assertThat(stalled.playTcp(fixture.url("/cam1")).status()).isEqualTo(200);
            CollectingMediaListener listener = new CollectingMediaListener();
            RtspClientSession session = new RtspClientSession(RtspClientConfig.of(fixture.url("/cam1"),
                    ServerFixture.USER, ServerFixture.PASSWORD, TransportMode.TCP), "healthy client",
                    fixture.group.next(), NvrClock.SYSTEM, listener);
            session.start();
            session.playing().get(10, TimeUnit.SECONDS);
            // 120 frames of 150 KB (18 MB) at 25 frames/s (30 Mbit/s, a camera's real pace): far more than the
            // stalled client's socket buffers and the server's write buffer, so the stalled client's reader must
            // skip, while the healthy client (a Java client under paranoid leak detection, on a busy CI machine)
            // keeps up on its own; at 125 frames/s it did not always, and was skipped for its own slowness.
            long started = System.nanoTime();
            for (long n = 1; n <= 120; n++) {
                fixture.hub().publish(StreamItems.sized(n, StreamItems.isKey(n), 150_000));
                Thread.sleep(40);
            }
            long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            List<AccessUnit> units = listener.awaitUnits(121, Duration.ofSeconds(20));
            session.close();
            assertThat(units).hasSize(121);
            assertThat(publishMillis).as("publishing never waited for the stalled client").isLessThan(10_000);
            ServerFixture.await(() -> fixture.counter("nvr.rtsp.frames.dropped", "camera", "cam1", "stream", "main")
                    > 0, Duration.ofSeconds(5), "the stalled client's drops counted");
        }
    }
}
