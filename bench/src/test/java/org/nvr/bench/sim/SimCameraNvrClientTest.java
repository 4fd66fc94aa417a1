package org.nvr.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.testing.CollectingMediaListener;
import org.nvr.core.time.NvrClock;

/** The NVR's own RTSP client ({@link RtspClientSession}, as {@code CameraIngest} runs it) against the simulator. */
class SimCameraNvrClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static EventLoopGroup clients;

    @BeforeAll
    static void startClientLoop() {
        clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopClientLoop() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void tcpAndUdpSessionsDeliverTheClipsPicturesWholeAndInTimeAcrossItsLoop() throws Exception {
        SimOptions options = SimOptions.defaults().withRtcpInterval(Duration.ofMillis(500));
        try (SimServerFixture sim = new SimServerFixture(options)) {
            Receiver tcp = new Receiver(sim.url("cam1"), TransportMode.TCP);
            Receiver udp = new Receiver(sim.url("cam2"), TransportMode.UDP);
            // 40 pictures: the 1 s clip loops after 25.
            List<AccessUnit> tcpUnits = tcp.listener.awaitUnits(40, WAIT);
            List<AccessUnit> udpUnits = udp.listener.awaitUnits(40, WAIT);
            for (Receiver receiver : List.of(tcp, udp)) {
                List<AccessUnit> units = receiver == tcp ? tcpUnits : udpUnits;
                String what = receiver.session.activeTransport().toString();
                assertThat(units).as(what).hasSizeGreaterThanOrEqualTo(40);
                // Contiguous sequence numbers: the depacketizer counts every gap as lost packets.
                assertThat(receiver.listener.lostPackets()).as(what).isZero();
                assertThatUnitsAreTheClipsPictures(sim.source, units, what);
                for (int i = 1; i < units.size(); i++) {
                    assertThat(units.get(i).pts90k() - units.get(i - 1).pts90k()).as(what + " unit %d", i)
                            .isEqualTo(SimTestClips.TICKS_PER_PICTURE);
                }
                // Sender Reports arrived and were used: the wall clock of later units comes from them, and the
                // camera's clock (the same machine's) is found near ours; a wrong NTP/RTP pair is off by seconds.
                assertThat(units.get(units.size() - 1).clockSource()).as(what).isEqualTo(ClockSource.RTCP_SR);
                assertThat(receiver.session.cameraClockOffset()).as(what).isPresent();
                assertThat(receiver.session.cameraClockOffset().get().abs()).as(what)
                        .isLessThan(Duration.ofMillis(500));
                receiver.close();
            }
            assertThat(tcp.session.activeTransport()).isEqualTo(TransportMode.TCP);
            assertThat(udp.session.activeTransport()).isEqualTo(TransportMode.UDP);
        }
    }

    @Test
    void withLossTheClientSeesAboutThatShareOfPacketsMissing() throws Exception {
        double lossPercent = 10;
        SimOptions options = SimOptions.defaults().withImpairments(0, lossPercent, 3);
        try (SimServerFixture tcpSim = new SimServerFixture(options);
             SimServerFixture udpSim = new SimServerFixture(options)) {
            Receiver tcp = new Receiver(tcpSim.url("cam1"), TransportMode.TCP);
            Receiver udp = new Receiver(udpSim.url("cam1"), TransportMode.UDP);
            Thread.sleep(2_000);
            tcp.close();
            udp.close();
            for (Receiver receiver : List.of(tcp, udp)) {
                SimServerFixture sim = receiver == tcp ? tcpSim : udpSim;
                String what = receiver.session.activeTransport().toString();
                SimStats stats = sim.server.stats();
                long total = stats.packetsSent() + stats.packetsLost();
                assertThat(total).as(what).isGreaterThan(300);
                // Binomial: p = 0.1 over n packets (the clip has 232 a second, so about 480 in 2 s), sigma =
                // sqrt(p(1-p)/n), 1.4 points at n = 480; 4.5 sigma is 6 points. The seed fixes the draws, so a run
                // repeats rather than flakes.
                double sigma = Math.sqrt(0.1 * 0.9 / total);
                assertThat((double) stats.packetsLost() / total).as(what)
                        .isBetween(0.1 - 4.5 * sigma, 0.1 + 4.5 * sigma);
                // The client counts the gaps between the packets it got: the simulator's drops, less those before
                // its first packet and after its last (a picture or two), so within one more point.
                long seen = receiver.listener.lostPackets();
                assertThat(seen).as(what).isPositive();
                assertThat((double) seen / total).as(what)
                        .isBetween(0.1 - 4.5 * sigma - 0.01, 0.1 + 4.5 * sigma);
                if (receiver == tcp) {
                    assertThat(seen).as("TCP itself loses nothing").isLessThanOrEqualTo(stats.packetsLost());
                }
                // No picture need arrive whole: at 10 % the keyframe (about 11 packets) survives a third of the time,
                // and the depacketizer drops everything until one does (the loss-free test checks the pictures).
            }
        }
    }

    /**
     * Each unit is byte for byte the clip picture its timestamp names. The clip's only keyframe is its first
     * picture and the client starts at a keyframe, so the first unit is picture 0 of some loop.
     */
    private static void assertThatUnitsAreTheClipsPictures(DemoClip clip, List<AccessUnit> units, String what) {
        assertThat(units).as(what).isNotEmpty();
        long firstPts = units.get(0).pts90k();
        assertThat(units.get(0).keyframe()).isTrue();
        for (AccessUnit unit : units) {
            long picture = (unit.pts90k() - firstPts) / SimTestClips.TICKS_PER_PICTURE;
            assertThat((unit.pts90k() - firstPts) % SimTestClips.TICKS_PER_PICTURE).isZero();
            DemoClip.Frame frame = clip.frame(picture);
            assertThat(unit.keyframe()).isEqualTo(frame.keyframe());
            assertThat(unit.nalus()).as(what + " picture %d", picture).containsExactlyElementsOf(frame.nalus());
        }
    }

    /** One playing RtspClientSession and what it delivered. */
    private static final class Receiver {
        final CollectingMediaListener listener = new CollectingMediaListener();
        final RtspClientSession session;

        Receiver(String url, TransportMode transport) throws Exception {
            session = new RtspClientSession(RtspClientConfig.of(url, null, null, transport), "sim " + url,
                    clients.next(), NvrClock.SYSTEM, listener);
            session.start();
            session.playing().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        void close() throws Exception {
            session.close();
            session.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
