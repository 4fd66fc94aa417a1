package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Confirms VLC's RTSP server quirk from PEERS.md: UDP works, a TCP-interleaved SETUP gets 461. */
@Timeout(60)
class VlcRtspCameraIT {
    private static final Logger LOG = LoggerFactory.getLogger(VlcRtspCameraIT.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private static Path clip;

    @BeforeAll
    static void requirePeers() {
        Peers.requireFfmpeg();
        Peers.requireVlc();
        // 10 s: over UDP the stream was seen to end near VLC's loop point, so reads stay well inside one pass.
        clip = TestMedia.h264Clip(640, 360, 25, 10, 50, 800);
    }

    @Test
    void servesUdpAndAnswers461ToTcpInterleaved() {
        try (VlcRtspCamera vlc = VlcRtspCamera.start(clip, "cam2")) {
            Ffprobe.PacketTimes udp = Ffprobe.packetPts(vlc.url(), "udp", 2, PROBE_TIMEOUT);
            ProcessRunner.Result tcp = Ffprobe.probe(vlc.url(), "tcp", PROBE_TIMEOUT);
            LOG.info("VLC over UDP: {} packets, pts fps {}, strictly increasing {} ({}), in {} ms",
                    udp.ptsSeconds().size(), String.format("%.3f", udp.ptsFps()), udp.strictlyIncreasing(),
                    udp.firstNonIncrease(), udp.result().elapsed().toMillis());

            assertThat(udp.result().succeeded()).as(udp.result().describe()).isTrue();
            // VLC stamps 80 ms per frame (see VlcRtspCamera), so 2 s of pts is about 25 packets.
            assertThat(udp.ptsSeconds()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(tcp.succeeded()).as(tcp.describe()).isFalse();
            assertThat(tcp.stderr()).contains("461 Unsupported transport");
        }
    }

    @Test
    void closeLeavesNoVlcProcessBehind() {
        VlcRtspCamera vlc = VlcRtspCamera.start(clip, "cam1");
        vlc.close();

        assertThat(vlc.isAlive()).isFalse();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(vlc.url()))
                .toList()).isEmpty();
    }
}
