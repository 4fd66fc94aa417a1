package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the GStreamer camera stand-in with ffprobe before other tests trust it (PEERS.md): pts strictly increasing
 * at 25 fps and paced in real time (the filesrc trap sends one RTP timestamp for all frames, unpaced), auth, and
 * kill/restart on the same port.
 */
@Timeout(60)
class GstRtspCameraIT {
    private static final Logger LOG = LoggerFactory.getLogger(GstRtspCameraIT.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final int FPS = 25;
    /** Seconds of stream each timing check reads. */
    private static final int PROBE_SECONDS = 3;

    private static Path clip;

    @BeforeAll
    static void requirePeers() {
        Peers.requireFfmpeg();
        Peers.requireGstRtspServer();
        // 2 s at 25 fps: a 3 s read crosses the loop point, where timestamps must keep increasing.
        clip = TestMedia.h264Clip(640, 360, FPS, 2, 25, 800);
    }

    @Test
    void liveSourceServesIncreasingPtsAt25Fps() {
        try (GstRtspCamera camera = GstRtspCamera.builder().live().size(640, 360).fps(FPS).gop(50)
                .bitrateKbps(800).build().start()) {
            assertPacedAt25Fps("live", Ffprobe.packetPts(camera.url("cam1"), "tcp", PROBE_SECONDS, PROBE_TIMEOUT));
        }
    }

    @Test
    void fileSourceLoopsWithContinuousPtsAt25Fps() throws IOException {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).fps(FPS).build().start()) {
            assertPacedAt25Fps("file", Ffprobe.packetPts(camera.url("cam1"), "tcp", PROBE_SECONDS, PROBE_TIMEOUT));
            // The script's AU splitter found every frame of the 2 s clip.
            assertThat(Files.readString(camera.logFile())).contains("READY port=" + camera.port()).contains("aus=50");
        }
    }

    @Test
    void fileSourceServesUdpAndSeveralMounts() {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).count(2).build().start()) {
            Ffprobe.PacketTimes packets = Ffprobe.packetPts(camera.url("cam2"), "udp", 1, PROBE_TIMEOUT);

            assertThat(packets.result().succeeded()).as(packets.result().describe()).isTrue();
            assertThat(packets.ptsSeconds()).hasSizeGreaterThan(FPS / 2);
            assertThat(packets.strictlyIncreasing()).as(packets.firstNonIncrease()).isTrue();
        }
    }

    @Test
    void digestAuthRefusesMissingOrWrongCredentials() {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).digestAuth("admin", "pa ss:w@rd").build()
                .start()) {
            ProcessRunner.Result anonymous = Ffprobe.probe(camera.url("cam1"), "tcp", PROBE_TIMEOUT);
            ProcessRunner.Result wrong = Ffprobe.probe(camera.url("cam1", "admin", "nope"), "tcp", PROBE_TIMEOUT);
            ProcessRunner.Result right = Ffprobe.probe(camera.urlWithCredentials("cam1"), "tcp", PROBE_TIMEOUT);

            assertThat(anonymous.succeeded()).as(anonymous.describe()).isFalse();
            assertThat(anonymous.stderr()).contains("401");
            assertThat(wrong.succeeded()).as(wrong.describe()).isFalse();
            assertThat(wrong.stderr()).contains("401");
            assertThat(right.succeeded()).as(right.describe()).isTrue();
            assertThat(right.stdout()).contains("h264,640,360");
        }
    }

    @Test
    void basicAuthAcceptsCredentials() {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).basicAuth("viewer", "secret").build()
                .start()) {
            ProcessRunner.Result anonymous = Ffprobe.probe(camera.url("cam1"), "tcp", PROBE_TIMEOUT);
            ProcessRunner.Result right = Ffprobe.probe(camera.urlWithCredentials("cam1"), "tcp", PROBE_TIMEOUT);

            assertThat(anonymous.stderr()).as(anonymous.describe()).contains("401");
            assertThat(right.succeeded()).as(right.describe()).isTrue();
        }
    }

    @Test
    void udpOnlyCameraAnswers461ToTcp() {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).transports(GstRtspCamera.Transport.UDP)
                .build().start()) {
            ProcessRunner.Result tcp = Ffprobe.probe(camera.url("cam1"), "tcp", PROBE_TIMEOUT);
            ProcessRunner.Result udp = Ffprobe.probe(camera.url("cam1"), "udp", PROBE_TIMEOUT);

            assertThat(tcp.succeeded()).as(tcp.describe()).isFalse();
            assertThat(tcp.stderr()).contains("461");
            assertThat(udp.succeeded()).as(udp.describe()).isTrue();
        }
    }

    @Test
    void killThenRestartServesAgainOnTheSamePort() {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).build().start()) {
            int port = camera.port();
            assertThat(Ffprobe.probe(camera.url("cam1"), "tcp", PROBE_TIMEOUT).succeeded()).isTrue();

            long killStart = System.nanoTime();
            camera.kill();
            long killMillis = (System.nanoTime() - killStart) / 1_000_000;
            ProcessRunner.Result whileDead = Ffprobe.probe(camera.url("cam1"), "tcp", PROBE_TIMEOUT);

            assertThat(camera.isAlive()).isFalse();
            assertThat(whileDead.succeeded()).isFalse();
            assertThat(whileDead.stderr()).as(whileDead.describe()).contains("Connection refused");

            long restartStart = System.nanoTime();
            camera.restart();
            long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;
            Ffprobe.PacketTimes after = Ffprobe.packetPts(camera.url("cam1"), "tcp", 1, PROBE_TIMEOUT);

            assertThat(camera.port()).isEqualTo(port);
            assertThat(after.result().succeeded()).as(after.result().describe()).isTrue();
            assertThat(after.ptsSeconds()).hasSizeGreaterThan(FPS / 2);
            LOG.info("kill took {} ms, restart to READY {} ms, port {}", killMillis, restartMillis, port);
        }
    }

    private static void assertPacedAt25Fps(String source, Ffprobe.PacketTimes packets) {
        ProcessRunner.Result result = packets.result();
        LOG.info("{}: {} packets, {} without pts, pts fps {}, read {} s of pts in {} ms", source,
                packets.ptsSeconds().size(), packets.missingPts(), String.format("%.3f", packets.ptsFps()),
                PROBE_SECONDS, result.elapsed().toMillis());

        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(packets.missingPts()).as("packets without pts").isLessThanOrEqualTo(1);
        assertThat(packets.ptsSeconds()).hasSizeGreaterThanOrEqualTo((PROBE_SECONDS - 1) * FPS);
        assertThat(packets.strictlyIncreasing()).as("first non-increase: " + packets.firstNonIncrease()).isTrue();
        assertThat(packets.ptsFps()).isBetween(FPS * 0.96, FPS * 1.04);
        // Real-time pacing: 3 s of timestamps cannot arrive in much less than 3 s of wall time.
        assertThat(result.elapsed()).isGreaterThan(Duration.ofMillis((PROBE_SECONDS - 1) * 1000L));
    }
}
