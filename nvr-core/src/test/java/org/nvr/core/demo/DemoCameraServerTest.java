package org.nvr.core.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtp.RtpPacket;
import org.nvr.core.time.NvrClock;

class DemoCameraServerTest {

    private static EventLoopGroup group;
    private static DemoClip clip;
    private final List<DemoCameraServer> servers = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        clip = DemoClip.generateDefault();
    }

    @AfterAll
    static void tearDown() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeServers() {
        servers.forEach(DemoCameraServer::close);
    }

    private DemoCameraServer start(DemoServerOptions options) {
        DemoCameraServer server = new DemoCameraServer(clip, new InetSocketAddress("127.0.0.1", 0), group, options,
                NvrClock.SYSTEM);
        servers.add(server);
        server.start();
        return server;
    }

    @Test
    void describeSetupPlayOverTcpStreamsPacedRtpWithKeyframeEveryGop() throws Exception {
        DemoCameraServer server = start(DemoServerOptions.defaults().withRtcpInterval(Duration.ofMillis(500)));
        String url = server.url("cam7");
        try (RtspTestClient client = new RtspTestClient(server.port())) {
            RtspTestClient.Response options = client.request("OPTIONS", url);
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Public")).contains("DESCRIBE", "SETUP", "PLAY", "TEARDOWN", "GET_PARAMETER");

            RtspTestClient.Response describe = client.request("DESCRIBE", url, "Accept: application/sdp");
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.header("Content-Type")).isEqualTo("application/sdp");
            assertThat(describe.header("Content-Base")).isEqualTo(url + "/");
            assertThat(describe.header("CSeq")).isEqualTo("2");
            Base64.Encoder b64 = Base64.getEncoder();
            assertThat(describe.body().split("\r\n")).contains(
                    "v=0",
                    "s=NVR demo camera (test source)",
                    "a=range:npt=now-",
                    "m=video 0 RTP/AVP 96",
                    "a=rtpmap:96 H264/90000",
                    "a=fmtp:96 packetization-mode=1;profile-level-id=420028;sprop-parameter-sets="
                            + b64.encodeToString(clip.sps()) + "," + b64.encodeToString(clip.pps()),
                    "a=control:trackID=0");

            RtspTestClient.Response setup = client.request("SETUP", url + "/trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.header("Transport")).matches("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=[0-9A-F]{8}");
            assertThat(setup.header("Session")).matches("[0-9a-f]{16};timeout=60");
            long ssrc = Long.parseLong(setup.header("Transport").replaceAll(".*ssrc=", ""), 16);
            String session = setup.header("Session").split(";")[0];

            RtspTestClient.Response play = client.request("PLAY", url + "/", "Session: " + session,
                    "Range: npt=0.000-");
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("RTP-Info")).matches("url=" + url + "/trackID=0;seq=\\d+;rtptime=\\d+");
            int firstSeq = Integer.parseInt(play.header("RTP-Info").replaceAll(".*;seq=(\\d+);.*", "$1"));
            long firstTs = Long.parseLong(play.header("RTP-Info").replaceAll(".*rtptime=", ""));

            long start = System.nanoTime();
            int expectedSeq = firstSeq;
            long expectedTs = firstTs;
            int accessUnits = 0;
            int senderReports = 0;
            List<Integer> keyframeUnits = new ArrayList<>();
            boolean unitStart = true;
            while (System.nanoTime() - start < 2_000_000_000L) {
                RtspTestClient.Frame frame = client.readFrame();
                if (frame.channel() == 1) {
                    // RFC 3550 §6.4.1 SR: V=2, PT=200, then this stream's SSRC.
                    assertThat(frame.data()[0] & 0xc0).isEqualTo(0x80);
                    assertThat(frame.data()[1] & 0xff).isEqualTo(200);
                    assertThat(ByteBuffer.wrap(frame.data(), 4, 4).getInt() & 0xffffffffL).isEqualTo(ssrc);
                    senderReports++;
                    continue;
                }
                assertThat(frame.channel()).isEqualTo(0);
                RtpPacket rtp = RtpPacket.parse(Unpooled.wrappedBuffer(frame.data()));
                assertThat(rtp.payloadType()).isEqualTo(96);
                assertThat(rtp.ssrc()).isEqualTo(ssrc);
                assertThat(rtp.sequenceNumber()).isEqualTo(expectedSeq);
                assertThat(rtp.timestamp()).isEqualTo(expectedTs);
                expectedSeq = (expectedSeq + 1) & 0xffff;
                int nalType = frame.data()[12] & 0x1f;
                if (unitStart && nalType == 7) { // an SPS opens every keyframe (in band, as cameras send it)
                    keyframeUnits.add(accessUnits);
                }
                unitStart = rtp.marker();
                if (rtp.marker()) {
                    accessUnits++;
                    expectedTs = (expectedTs + 3600) & 0xffffffffL; // 90000 / 25 fps
                }
            }
            // Paced at 25 fps: about 50 in 2 s (loose bounds for a busy machine; never a burst of the whole clip).
            assertThat(accessUnits).isBetween(35, 60);
            assertThat(keyframeUnits).startsWith(0, 25);
            assertThat(senderReports).isGreaterThanOrEqualTo(2);

            RtspTestClient.Response teardown = client.request("TEARDOWN", url, "Session: " + session);
            assertThat(teardown.status()).isEqualTo(200);
        }
    }

    @Test
    void udpModeSendsRtpFromServerPortToClientPort() throws Exception {
        DemoCameraServer server = start(DemoServerOptions.defaults());
        String url = server.url("cam2");
        try (DatagramSocket rtp = bindEvenPort(); DatagramSocket rtcp = new DatagramSocket(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), rtp.getLocalPort() + 1));
             RtspTestClient client = new RtspTestClient(server.port())) {
            client.request("DESCRIBE", url);
            RtspTestClient.Response setup = client.request("SETUP", url + "/trackID=0",
                    "Transport: RTP/AVP;unicast;client_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort());
            assertThat(setup.status()).isEqualTo(200);
            String transport = setup.header("Transport");
            assertThat(transport).startsWith("RTP/AVP;unicast;client_port=" + rtp.getLocalPort() + "-"
                    + rtcp.getLocalPort() + ";server_port=");
            int serverRtpPort = Integer.parseInt(transport.replaceAll(".*server_port=(\\d+)-.*", "$1"));
            assertThat(serverRtpPort % 2).isZero();
            long ssrc = Long.parseLong(transport.replaceAll(".*ssrc=", ""), 16);
            String session = setup.header("Session").split(";")[0];

            assertThat(client.request("PLAY", url, "Session: " + session).status()).isEqualTo(200);

            rtp.setSoTimeout(3000);
            byte[] buffer = new byte[2048];
            int markers = 0;
            for (int i = 0; i < 40; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                rtp.receive(packet);
                assertThat(packet.getPort()).isEqualTo(serverRtpPort);
                assertThat(packet.getLength()).isLessThanOrEqualTo(12 + 1400);
                RtpPacket parsed = RtpPacket.parse(Unpooled.wrappedBuffer(buffer, 0, packet.getLength()));
                assertThat(parsed.ssrc()).isEqualTo(ssrc);
                assertThat(parsed.payloadType()).isEqualTo(96);
                markers += parsed.marker() ? 1 : 0;
            }
            assertThat(markers).isPositive();
            rtcp.setSoTimeout(3000);
            DatagramPacket report = new DatagramPacket(buffer, buffer.length);
            rtcp.receive(report);
            assertThat(report.getPort()).isEqualTo(serverRtpPort + 1);
            assertThat(buffer[1] & 0xff).isEqualTo(200); // Sender Report

            assertThat(client.request("TEARDOWN", url, "Session: " + session).status()).isEqualTo(200);
        }
    }

    @Test
    void ffprobeAndFfmpegReadTheStream() throws Exception {
        Tools.assumeOrRequireInCi("ffprobe");
        Tools.assumeOrRequireInCi("ffmpeg");
        DemoCameraServer server = start(DemoServerOptions.defaults());

        String probe = Tools.run(List.of("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", server.url("demo")));
        String tcpErrors = Tools.run(List.of("ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i",
                server.url("demo"), "-t", "3", "-f", "null", "-"));
        String udpErrors = Tools.run(List.of("ffmpeg", "-v", "error", "-rtsp_transport", "udp", "-i",
                server.url("udp1"), "-t", "2", "-f", "null", "-"));

        assertThat(probe.trim()).isEqualTo("h264,640,360");
        assertThat(tcpErrors).isEmpty();
        assertThat(udpErrors).isEmpty();
    }

    @Test
    void slowClientStaysBoundedAndDoesNotDisturbAnother() throws Exception {
        int low = 32 * 1024;
        int high = 64 * 1024;
        DemoCameraServer server = start(DemoServerOptions.defaults().withWriteBuffers(low, high, 16 * 1024));
        try (RtspTestClient slow = new RtspTestClient(server.port(), 4096);
             RtspTestClient fast = new RtspTestClient(server.port())) {
            playTcp(slow, server.url("slow"));
            playTcp(fast, server.url("fast"));
            // The slow client never reads again; the fast one reads everything for 3 s.
            long start = System.nanoTime();
            int fastUnits = 0;
            long maxPending = 0;
            while (System.nanoTime() - start < 3_000_000_000L) {
                RtspTestClient.Frame frame = fast.readFrame();
                if (frame.channel() == 0 && (frame.data()[1] & 0x80) != 0) {
                    fastUnits++;
                    maxPending = Math.max(maxPending, server.stats().pendingOutboundBytes());
                }
            }
            DemoServerStats stats = server.stats();
            assertThat(fastUnits).isBetween(55, 90); // 25 fps for 3 s, undisturbed
            assertThat(stats.framesSkipped()).isPositive();
            // At most the high-water mark plus the one picture that crossed it (plus RTCP and framing).
            long bound = high + clip.maxFrameBytes() + 4096;
            assertThat(maxPending).isLessThanOrEqualTo(bound);
            assertThat(stats.pendingOutboundBytes()).isLessThanOrEqualTo(bound);
            assertThat(stats.playingSessions()).isEqualTo(2);
        }
    }

    @Test
    void malformedRequestsGet400AndTheServerKeepsServing() throws Exception {
        DemoCameraServer server = start(DemoServerOptions.defaults());
        String url = server.url("demo");
        try (RtspTestClient client = new RtspTestClient(server.port())) {
            // No CSeq (RFC 2326 §12.17 makes it mandatory).
            assertThat(client.sendRaw("OPTIONS " + url + " RTSP/1.0\r\n\r\n").status()).isEqualTo(400);
            // A header name with a space in it: RtspDecoder marks the message invalid.
            RtspTestClient.Response badHeader = client.sendRaw("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 5\r\n"
                    + "Bad Header: x\r\n\r\n");
            assertThat(badHeader.status()).isEqualTo(400);
            // The same connection still works.
            assertThat(client.request("OPTIONS", url).status()).isEqualTo(200);
            assertThat(client.request("DESCRIBE", server.url("no_such_thing") + "/a/b").status()).isEqualTo(404);
            assertThat(client.request("DESCRIBE", "rtsp://127.0.0.1/bad%20path").status()).isEqualTo(404);
            assertThat(client.request("SETUP", url + "/trackID=0", "Transport: RTP/AVP;multicast").status())
                    .isEqualTo(461);
            assertThat(client.request("SETUP", url + "/trackID=0", "Transport: RAW/RAW/UDP;unicast").status())
                    .isEqualTo(461);
            assertThat(client.request("PLAY", url, "Session: 0123456789abcdef").status()).isEqualTo(454);
            assertThat(client.request("PAUSE", url).status()).isEqualTo(405);
            assertThat(client.request("FROB", url).status()).isEqualTo(501);
        }
        try (RtspTestClient client = new RtspTestClient(server.port())) {
            // A Content-Length the framer cannot accept: 400, then the connection is closed.
            RtspTestClient.Response response = client.sendRaw("ANNOUNCE " + url + " RTSP/1.0\r\nCSeq: 1\r\n"
                    + "Content-Length: 12x\r\n\r\n");
            assertThat(response.status()).isEqualTo(400);
            client.setReadTimeoutMillis(2000);
            assertThat(client.closedByServer()).isTrue();
        }
        try (RtspTestClient client = new RtspTestClient(server.port())) {
            assertThat(client.request("DESCRIBE", url).status()).isEqualTo(200);
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheSessionTimeoutButRtcpKeepsItAlive() throws Exception {
        DemoCameraServer server = start(DemoServerOptions.defaults().withSessionTimeout(Duration.ofMillis(600)));
        try (RtspTestClient silent = new RtspTestClient(server.port());
             RtspTestClient reporting = new RtspTestClient(server.port())) {
            assertThat(silent.request("SETUP", server.url("a") + "/trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").header("Session")).endsWith(";timeout=1");
            playTcp(reporting, server.url("b"));
            // RFC 3550 §6.4.2 empty receiver report: V=2, RC=0, PT=201, length 1, SSRC of the reporter.
            byte[] receiverReport = {(byte) 0x80, (byte) 201, 0, 1, 0x12, 0x34, 0x56, 0x78};
            long start = System.nanoTime();
            while (System.nanoTime() - start < 1_500_000_000L) {
                reporting.sendFrame(1, receiverReport);
                for (int i = 0; i < 5; i++) {
                    reporting.readFrame();
                }
            }
            silent.setReadTimeoutMillis(2000);
            assertThat(silent.closedByServer()).isTrue();
            assertThat(reporting.readFrame().channel()).isIn(0, 1);
        }
    }

    @Test
    void everyPathIsAnIndependentStream() throws Exception {
        DemoCameraServer server = start(DemoServerOptions.defaults());
        try (RtspTestClient one = new RtspTestClient(server.port());
             RtspTestClient two = new RtspTestClient(server.port())) {
            String ssrcOne = playTcp(one, server.url("cam1"));
            String ssrcTwo = playTcp(two, server.url("cam200"));
            assertThat(ssrcOne).isNotEqualTo(ssrcTwo);
            assertThat(one.readFrame().channel()).isZero();
            assertThat(two.readFrame().channel()).isZero();
            assertThat(server.stats().playingSessions()).isEqualTo(2);
            assertThat(server.stats().connections()).isEqualTo(2);
        }
    }

    /** DESCRIBE, SETUP over TCP, PLAY; returns the SSRC from the Transport reply. */
    private static String playTcp(RtspTestClient client, String url) throws IOException {
        assertThat(client.request("DESCRIBE", url).status()).isEqualTo(200);
        RtspTestClient.Response setup = client.request("SETUP", url + "/trackID=0",
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = setup.header("Session").split(";")[0];
        assertThat(client.request("PLAY", url, "Session: " + session).status()).isEqualTo(200);
        return setup.header("Transport").replaceAll(".*ssrc=", "");
    }

    private static DatagramSocket bindEvenPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            if (socket.getLocalPort() % 2 == 0) {
                try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), socket.getLocalPort() + 1))) {
                    return socket; // the odd port is free too (closed again; the test binds it next)
                } catch (IOException e) {
                    socket.close();
                    continue;
                }
            }
            socket.close();
        }
        throw new SocketTimeoutException("no free even UDP port");
    }
}
