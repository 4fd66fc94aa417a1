package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.core.testing.Trickle;
import org.nvr.core.testing.StreamItems;

/**
 * Issue #12 against the RTSP server over real loopback sockets: one client address cannot take every connection,
 * a request trickled byte by byte (slowloris) or an interleaved frame left half-sent is cut off at the request
 * deadline while other clients are served, and a connection that never sets up a session is closed when silent.
 * Linux routes all of 127.0.0.0/8 to the loopback, so a client bound to 127.0.0.2 is a second address.
 */
class RtspServerConnectionLimitsTest {
    private static final InetAddress FIRST = address("127.0.0.1");
    private static final InetAddress SECOND = address("127.0.0.2");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void oneAddressGetsItsShareOfConnectionsAndAnotherAddressIsStillAdmitted() throws Exception {
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withConnectionLimits(3, REQUEST_TIMEOUT));
        List<RawRtspClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawRtspClient client = new RawRtspClient(FIRST, fixture.port, null, null);
                clients.add(client);
                assertThat(client.request("OPTIONS", fixture.url("/")).status()).isEqualTo(200);
            }
            try (RawRtspClient refused = new RawRtspClient(FIRST, fixture.port, null, null)) {
                assertThat(refused.closedByServer(Duration.ofSeconds(2))).as("4th from 127.0.0.1 closed").isTrue();
            }
            try (RawRtspClient other = new RawRtspClient(SECOND, fixture.port, null, null)) {
                assertThat(other.request("OPTIONS", fixture.url("/")).status()).isEqualTo(200);
            }
            assertThat(fixture.counter("nvr.rtsp.connections.refused", "reason", "address_full")).isEqualTo(1);

            // A closed connection gives its place back.
            clients.remove(0).close();
            ServerFixture.await(() -> {
                // Until the server has seen the close, a new connection is still refused (closed, no reply).
                try (RawRtspClient again = new RawRtspClient(FIRST, fixture.port, null, null)) {
                    again.sendRaw(("OPTIONS " + fixture.url("/") + " RTSP/1.0\r\nCSeq: 1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    RawRtspClient.Reply reply = again.readReply();
                    return reply != null && reply.status() == 200;
                } catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(3), "a place for 127.0.0.1 again");
            ReliabilityReport.row("RTSP connection flood from one address",
                    "4 connections from 127.0.0.1, maxConnectionsPerAddress 3", 1,
                    "4th closed on accept and counted, 127.0.0.2 served, place freed on close", "0", "pass");
        } finally {
            for (RawRtspClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aRequestTrickledByteByByteIsCutOffWhileAnotherClientIsServed() throws Exception {
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withConnectionLimits(128, REQUEST_TIMEOUT));
        byte[] request = ("OPTIONS " + fixture.url("/") + " RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: slow\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket slow = new Socket(FIRST, fixture.port)) {
            OutputStream out = slow.getOutputStream();
            Trickle trickle = Trickle.start(bytes -> {
                out.write(bytes);
                out.flush();
            }, request, 0, Duration.ofMillis(200));
            long startNanos = System.nanoTime();
            // Meanwhile a well-behaved client is answered at once.
            Thread.sleep(300);
            try (RawRtspClient good = new RawRtspClient(FIRST, fixture.port, null, null)) {
                assertThat(good.request("OPTIONS", fixture.url("/")).status()).isEqualTo(200);
            }
            slow.setSoTimeout(5000);
            assertThat(slow.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            long closedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            trickle.stop();
            assertThat(closedMillis).isBetween(900L, 2000L);
            assertThat(trickle.sent()).isLessThan(request.length);
            assertThat(fixture.counter("nvr.rtsp.connections.timed.out", "reason", "request")).isEqualTo(1);
            ReliabilityReport.row("RTSP slowloris", "one header byte every 200 ms, requestTimeout 1 s", 1,
                    "closed after " + closedMillis + " ms (" + trickle.sent() + " of " + request.length
                            + " bytes sent), other client served meanwhile", "0", "pass");
        }
    }

    @Test
    void aHalfSentInterleavedFrameIsCutOffAtTheDeadline() throws Exception {
        // The session timeout is long: what closes the connection here is the request deadline.
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withConnectionLimits(128, REQUEST_TIMEOUT));
        try (RawRtspClient client = new RawRtspClient(FIRST, fixture.port, null, null)) {
            assertThat(client.request("OPTIONS", fixture.url("/")).status()).isEqualTo(200);
            long startNanos = System.nanoTime();
            // RFC 2326 §10.12: '$', channel 1, length 64, then only 3 of the 64 bytes.
            client.sendRaw(new byte[] {'$', 1, 0, 64, (byte) 0x81, (byte) 0xc9, 0});
            assertThat(client.closedByServer(Duration.ofSeconds(3))).isTrue();
            long closedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            assertThat(closedMillis).isBetween(900L, 2000L);
            assertThat(fixture.counter("nvr.rtsp.connections.timed.out", "reason", "request")).isEqualTo(1);
            ReliabilityReport.row("RTSP half-sent interleaved frame", "4-byte $ header of 64 then 3 bytes, "
                    + "requestTimeout 1 s, sessionTimeout 60 s", 1, "closed after " + closedMillis + " ms", "0",
                    "pass");
        }
    }

    @Test
    void aSlowRequestThatArrivesWithinTheDeadlineIsServed() throws Exception {
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withConnectionLimits(128, REQUEST_TIMEOUT));
        try (RawRtspClient client = new RawRtspClient(FIRST, fixture.port, null, null)) {
            String request = "OPTIONS " + fixture.url("/") + " RTSP/1.0\r\nCSeq: 5\r\n\r\n";
            int third = request.length() / 3;
            client.sendRaw(request.substring(0, third).getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300);
            client.sendRaw(request.substring(third, 2 * third).getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300);
            client.sendRaw(request.substring(2 * third).getBytes(StandardCharsets.US_ASCII));
            RawRtspClient.Reply reply = client.readReply();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("CSeq")).isEqualTo("5");
            // Several requests in a row, each within its own deadline, are fine however long the connection lasts.
            for (int i = 0; i < 3; i++) {
                Thread.sleep(400);
                assertThat(client.request("OPTIONS", fixture.url("/")).status()).isEqualTo(200);
            }
            assertThat(fixture.counter("nvr.rtsp.connections.timed.out", "reason", "request")).isZero();
        }
    }

    @Test
    void aConnectionWithoutASessionThatSendsNothingIsClosedAfterTheSessionTimeout() throws Exception {
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withSessionTimeout(Duration.ofMillis(500)));
        try (RawRtspClient silent = new RawRtspClient(FIRST, fixture.port, null, null)) {
            long startNanos = System.nanoTime();
            assertThat(silent.closedByServer(Duration.ofSeconds(3))).isTrue();
            long closedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            assertThat(closedMillis).isBetween(400L, 2000L);
            assertThat(fixture.counter("nvr.rtsp.connections.timed.out", "reason", "idle")).isEqualTo(1);
            ReliabilityReport.row("RTSP idle connection", "connect and send nothing, sessionTimeout 500 ms", 1,
                    "closed after " + closedMillis + " ms", "0", "pass");
        }
    }

    @Test
    void interleavedRtcpKeepsAPlayingSessionAndItsConnectionAlive() throws Exception {
        Duration sessionTimeout = Duration.ofMillis(400);
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS.withSessionTimeout(sessionTimeout)
                .withConnectionLimits(128, Duration.ofMillis(300)));
        fixture.hub().publish(StreamItems.parameters());
        StreamItems.publishFrames(fixture.hub(), 0, 3);
        try (RawRtspClient client = fixture.client()) {
            assertThat(client.playTcp(fixture.url("/cam1")).status()).isEqualTo(200);
            // RTCP receiver reports (RFC 3550 §6.4.2, empty: V=2, RC=0, PT=201, length 1) on channel 1 every 100 ms,
            // three times the session timeout and more than three request deadlines.
            byte[] report = {'$', 1, 0, 8, (byte) 0x80, (byte) 0xc9, 0, 1, 0, 0, 0, 1};
            for (int i = 0; i < 12; i++) {
                client.sendRaw(report);
                Thread.sleep(100);
            }
            assertThat(fixture.server.sessionCount()).isEqualTo(1);
            assertThat(fixture.counter("nvr.rtsp.connections.timed.out", "reason", "request")).isZero();
            // Silent from now on: the session times out, then the connection, which has none left.
            ServerFixture.await(() -> fixture.server.sessionCount() == 0, Duration.ofSeconds(3), "session timeout");
            assertThat(client.closedByServer(Duration.ofSeconds(3))).isTrue();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
