package org.nvr.core.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.SessionEnd;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.testing.CollectingMediaListener;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.TestMedia;
import org.nvr.core.testing.VlcRtspCamera;
import org.nvr.core.time.NvrClock;

/**
 * VLC's RTSP server as a second, independent camera: it answers 461 to TCP-interleaved SETUP and serves UDP only,
 * as some older cameras do. The client falls back to UDP unless the camera is pinned to TCP.
 */
class VlcIngestIT {
    private static EventLoopGroup group;
    private static VlcRtspCamera camera;

    @BeforeAll
    static void setUp() {
        Peers.requireVlc();
        Peers.requireFfmpeg();
        Path clip = TestMedia.h264Clip(640, 360, 25, 8, 50, 1500);
        camera = VlcRtspCamera.start(clip, "cam2");
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void tearDown() {
        if (camera != null) {
            camera.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void autoFallsBackToUdpOn461AndReceivesVideo() throws Exception {
        CollectingMediaListener collector = new CollectingMediaListener();
        RtspClientSession session = new RtspClientSession(
                RtspClientConfig.of(camera.url(), null, null, TransportMode.AUTO), "camera cam2/main", group.next(),
                NvrClock.SYSTEM, collector);
        session.start();
        try {
            session.playing().get(15, TimeUnit.SECONDS);
            assertThat(session.activeTransport()).isEqualTo(TransportMode.UDP);
            assertThat(collector.awaitUnits(50, Duration.ofSeconds(15))).hasSizeGreaterThanOrEqualTo(50);
            assertThat(collector.items().get(0)).isInstanceOf(VideoParameters.class);
            AccessUnit first = (AccessUnit) collector.items().get(1);
            assertThat(first.keyframe()).isTrue();
        } finally {
            session.close();
            session.ended().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void pinnedToTcpTheSessionEndsWithThe461() throws Exception {
        RtspClientSession session = new RtspClientSession(
                RtspClientConfig.of(camera.url(), null, null, TransportMode.TCP), "camera cam2/main", group.next(),
                NvrClock.SYSTEM, new CollectingMediaListener());
        session.start();
        SessionEnd end = session.ended().get(15, TimeUnit.SECONDS);
        assertThat(end.cause()).isEqualTo(GapCause.CAMERA);
        assertThat(end.detail()).contains("461");
    }
}
