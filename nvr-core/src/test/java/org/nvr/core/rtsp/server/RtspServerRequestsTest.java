package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.testing.StreamItems;

/** The server's answers to good and bad requests, over loopback with a raw client. */
class RtspServerRequestsTest {

    private ServerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withLimits(2, 120));
        fixture.hub().publish(StreamItems.parameters());
        StreamItems.publishFrames(fixture.hub(), 0, 5);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void optionsNeedsNoCredentialsAndListsMethods() throws Exception {
        try (RawRtspClient client = new RawRtspClient(fixture.port, null, null)) {
            RawRtspClient.Reply reply = client.request("OPTIONS", fixture.url("/cam1"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Public")).contains("DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN");
            assertThat(reply.header("CSeq")).isEqualTo("1");
        }
    }

    @Test
    void describeWithoutCredentialsGetsDigestChallengesAndNoAuditRow() throws Exception {
        try (RawRtspClient client = new RawRtspClient(fixture.port, null, null)) {
            RawRtspClient.Reply reply = client.request("DESCRIBE", fixture.url("/cam1"));
            assertThat(reply.status()).isEqualTo(401);
            List<String> challenges = reply.all("WWW-Authenticate");
            // SHA-256 first (RFC 7616 §3.7), MD5 last for clients that keep the last one; no Basic by default.
            assertThat(challenges).hasSize(2);
            assertThat(challenges.get(0)).startsWith("Digest ").contains("realm=\"NVR\"", "algorithm=SHA-256");
            assertThat(challenges.get(1)).startsWith("Digest ").contains("realm=\"NVR\"", "algorithm=MD5",
                    "qop=\"auth\"", "nonce=\"");
        }
        assertThat(fixture.audit.entries()).isEmpty();
    }

    @Test
    void wrongPasswordIsRefusedAuditedAndCounted() throws Exception {
        try (RawRtspClient client = new RawRtspClient(fixture.port, ServerFixture.USER, "Not-The-Pa55word")) {
            RawRtspClient.Reply reply = client.request("DESCRIBE", fixture.url("/cam1"));
            assertThat(reply.status()).isEqualTo(401);
        }
        ServerFixture.await(() -> !fixture.audit.withAction("auth.failure").isEmpty(), Duration.ofSeconds(5),
                "auth.failure row");
        AuditEntry row = fixture.audit.withAction("auth.failure").get(0);
        assertThat(row.user()).isEqualTo(ServerFixture.USER);
        assertThat(row.remote()).startsWith("127.0.0.1:");
        assertThat(row.detail().toString()).doesNotContain("Not-The-Pa55word");
        assertThat(fixture.counter("nvr.rtsp.auth.failures")).isEqualTo(1.0);
    }

    @Test
    void goodCredentialsGetTheSdp() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            RawRtspClient.Reply reply = client.request("DESCRIBE", fixture.url("/cam1"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Base")).isEqualTo(fixture.url("/cam1/"));
            assertThat(reply.body()).contains("a=rtpmap:96 H264/90000", "packetization-mode=1",
                    "profile-level-id=64001f", "sprop-parameter-sets=", "a=control:trackID=0");
        }
        assertThat(fixture.counter("nvr.rtsp.requests", "method", "DESCRIBE", "status", "200")).isEqualTo(1.0);
    }

    @Test
    void pathTricksAndUnknownCamerasAreNotFound() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            for (String path : List.of("/cam2", "/../cam1", "/%2e%2e/cam1", "/cam1/main/extra", "/", "/CAM1",
                    "/cam1//main", "/cam1/sub")) {
                assertThat(client.request("DESCRIBE", fixture.url(path)).status()).as(path).isEqualTo(404);
            }
            // The connection is still usable.
            assertThat(client.request("DESCRIBE", fixture.url("/cam1/main")).status()).isEqualTo(200);
        }
    }

    @Test
    void malformedRequestIsBadRequestAndTheNextOneWorks() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            // A request line without a version: RtspDecoder marks it failed; the framer cut it at the blank line.
            client.sendRaw("DESCRIBE rtsp://x/cam1 RTSP/1.0\r\nCSeq: 7\r\nBad Header Line\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readReply().status()).isEqualTo(400);
            client.sendRaw("OPTIONS * RTSP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readReply().status()).as("no CSeq").isEqualTo(400);
            assertThat(client.request("OPTIONS", fixture.url("/cam1")).status()).isEqualTo(200);
        }
    }

    @Test
    void garbageBeforeTheFirstRequestLeavesTheConnectionWorking() throws Exception {
        // Found by RtspServerRequestFuzzTest: this line reached RtspDecoder, which reported it as an invalid
        // *response* (it had not decoded a request on the connection yet); the server ignored that without
        // resetting the decoder, so the connection swallowed every later request.
        try (RawRtspClient client = fixture.client()) {
            client.sendRaw("RTS /x RTSP/1.0\u0008\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.request("OPTIONS", fixture.url("/cam1")).status()).isEqualTo(200);
        }
    }

    @Test
    void oversizedRequestGets413AndTheConnectionCloses() throws Exception {
        try (RawRtspClient client = new RawRtspClient(fixture.port, null, null)) {
            String big = "OPTIONS rtsp://127.0.0.1/cam1 RTSP/1.0\r\nCSeq: 1\r\nX-Filler: " + "a".repeat(9000)
                    + "\r\n\r\n";
            client.sendRaw(big.getBytes(StandardCharsets.US_ASCII));
            RawRtspClient.Reply reply = client.readReply();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(client.readReply()).isNull();
        }
    }

    @Test
    void badRangeAndScaleAreRefusedWithAReason() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            assertThat(client.request("DESCRIBE", fixture.url("/cam1")).status()).isEqualTo(200);
            assertThat(client.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport",
                    "RTP/AVP/TCP;unicast;interleaved=0-1").status()).isEqualTo(200);
            String session = client.session();
            RawRtspClient.Reply badRange = client.request("PLAY", fixture.url("/cam1/"), "Session", session,
                    "Range", "clock=2026-11-24 10:15-");
            assertThat(badRange.status()).isEqualTo(457);
            assertThat(badRange.reason()).contains("Invalid Range", "YYYYMMDDThhmmss");
            assertThat(client.request("PLAY", fixture.url("/cam1/"), "Session", session, "Range", "smpte=0:10:00-")
                    .status()).isEqualTo(457);
            assertThat(client.request("PLAY", fixture.url("/cam1/"), "Session", session, "Scale", "fast")
                    .status()).isEqualTo(400);
            for (String scale : List.of("-1", "0", "16")) {
                assertThat(client.request("PLAY", fixture.url("/cam1/"), "Session", session, "Scale", scale)
                        .status()).as(scale).isEqualTo(456);
            }
            assertThat(client.request("PLAY", fixture.url("/cam1/"), "Session", session, "Scale", "2")
                    .status()).as("live plays at scale 1 only").isEqualTo(456);
            RawRtspClient.Reply required = client.request("PLAY", fixture.url("/cam1/"), "Session", session,
                    "Require", "com.example.teleport");
            assertThat(required.status()).isEqualTo(551);
            assertThat(required.header("Unsupported")).isEqualTo("com.example.teleport");
            assertThat(client.request("PLAY", fixture.url("/cam1/"), "Session", "nosuchsession").status())
                    .isEqualTo(454);
        }
    }

    @Test
    void multicastTransportIsRefused() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            assertThat(client.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport",
                    "RTP/AVP;multicast;port=5000-5001").status()).isEqualTo(461);
            assertThat(client.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport",
                    "RTP/AVP;unicast;client_port=5000-5001;destination=10.9.8.7").status()).isEqualTo(461);
        }
        assertThat(fixture.server.sessionCount()).isZero();
    }

    @Test
    void sessionsBeyondTheLimitGet453() throws Exception {
        try (RawRtspClient a = fixture.client(); RawRtspClient b = fixture.client(); RawRtspClient c = fixture.client()) {
            String transport = "RTP/AVP/TCP;unicast;interleaved=0-1";
            assertThat(a.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport", transport).status())
                    .isEqualTo(200);
            assertThat(b.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport", transport).status())
                    .isEqualTo(200);
            assertThat(c.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport", transport).status())
                    .isEqualTo(453);
            assertThat(fixture.server.sessionCount()).isEqualTo(2);
            assertThat(a.request("TEARDOWN", fixture.url("/cam1/"), "Session", a.session()).status()).isEqualTo(200);
            assertThat(c.request("SETUP", fixture.url("/cam1/trackID=0"), "Transport", transport).status())
                    .isEqualTo(200);
        }
        ServerFixture.await(() -> fixture.server.sessionCount() == 0, Duration.ofSeconds(5),
                "sessions gone with their connections");
    }

    @Test
    void playIsRefusedWhenTheAuditLogFails() throws Exception {
        fixture.audit.failing(true);
        try (RawRtspClient client = fixture.client()) {
            RawRtspClient.Reply reply = client.playTcp(fixture.url("/cam1"));
            assertThat(reply.status()).isEqualTo(500);
            assertThat(client.frame(Duration.ofMillis(300))).as("no media unaudited").isEmpty();
        }
    }

    @Test
    void silentSessionsAreTornDown() throws Exception {
        fixture.close();
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withSessionTimeout(Duration.ofMillis(400)));
        fixture.hub().publish(StreamItems.parameters());
        StreamItems.publishFrames(fixture.hub(), 0, 3);
        try (RawRtspClient client = fixture.client()) {
            assertThat(client.playTcp(fixture.url("/cam1")).status()).isEqualTo(200);
            assertThat(fixture.server.sessionCount()).isEqualTo(1);
            assertThat(fixture.hub().readerCount()).isEqualTo(1);
            ServerFixture.await(() -> fixture.server.sessionCount() == 0, Duration.ofSeconds(5), "session timeout");
            ServerFixture.await(() -> fixture.hub().readerCount() == 0, Duration.ofSeconds(5), "reader released");
        }
    }
}
