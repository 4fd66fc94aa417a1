package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.core.testing.Trickle;

/**
 * Issue #12 against the admin endpoint over real loopback sockets: one client address cannot take every
 * connection, a request trickled byte by byte (slowloris, in its headers or its body) gets 408 and is cut off at
 * the request deadline while other clients are served, and the deadline covers requests only: an export download
 * slower than it is not cut. Linux routes all of 127.0.0.0/8 to the loopback, so a client bound to 127.0.0.2 is a
 * second address.
 */
class AdminServerConnectionLimitsTest {
    private static final InetAddress FIRST = address("127.0.0.1");
    private static final InetAddress SECOND = address("127.0.0.2");
    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @TempDir
    Path dir;
    private AdminServerFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private AdminServerFixture start(int perAddress, Duration requestTimeout) {
        return new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0)
                .withConnectionLimits(64, perAddress, requestTimeout));
    }

    @Test
    void oneAddressGetsItsShareOfConnectionsAndAnotherAddressIsStillAdmitted() throws Exception {
        fixture = start(2, Duration.ofSeconds(1));
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttp client = new RawHttp(FIRST, fixture.port);
                open.add(client);
                assertThat(client.exchange(HEALTH).status()).isEqualTo(200);
            }
            try (RawHttp refused = new RawHttp(FIRST, fixture.port)) {
                assertThat(refused.closedByServer()).as("3rd from 127.0.0.1 closed").isTrue();
            }
            try (RawHttp other = new RawHttp(SECOND, fixture.port)) {
                assertThat(other.exchange(HEALTH).status()).isEqualTo(200);
            }
            assertThat(counter("nvr.admin.connections.refused", "address_full")).isEqualTo(1);
            ReliabilityReport.row("admin connection flood from one address",
                    "3 connections from 127.0.0.1, maxConnectionsPerAddress 2", 1,
                    "3rd closed on accept and counted, 127.0.0.2 served", "0", "pass");
        } finally {
            for (RawHttp client : open) {
                client.close();
            }
        }
    }

    @Test
    void headersTrickledByteByByteGet408AndTheConnectionIsCutWhileAnotherClientIsServed() throws Exception {
        fixture = start(16, Duration.ofSeconds(1));
        byte[] request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (RawHttp slow = new RawHttp(FIRST, fixture.port)) {
            long startNanos = System.nanoTime();
            Trickle trickle = Trickle.start(slow::sendBytes, request, 0, Duration.ofMillis(200));
            Thread.sleep(300);
            try (RawHttp good = new RawHttp(FIRST, fixture.port)) {
                assertThat(good.exchange(HEALTH).status()).isEqualTo(200);
            }
            RawHttp.Response timeout = slow.read(false);
            long closedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            assertThat(timeout.status()).isEqualTo(408);
            assertThat(timeout.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(timeout.bodyText()).contains("\"request_timeout\"");
            assertThat(slow.closedByServer()).isTrue();
            trickle.stop();
            assertThat(closedMillis).isBetween(900L, 2000L);
            assertThat(trickle.sent()).isLessThan(request.length);
            assertThat(counter("nvr.admin.connections.timed.out", "request")).isEqualTo(1);
            ReliabilityReport.row("admin slowloris", "one header byte every 200 ms, requestTimeout 1 s", 1,
                    "408 and closed after " + closedMillis + " ms (" + trickle.sent() + " of " + request.length
                            + " bytes sent), other client served meanwhile", "0", "pass");
        }
    }

    @Test
    void aBodyTrickledPastTheDeadlineIsCutToo() throws Exception {
        fixture = start(16, Duration.ofSeconds(1));
        String body = "{\"name\":\"x\",\"password\":\"a-long-enough-password\",\"role\":\"viewer\"}";
        String head = "POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        byte[] request = (head + body).getBytes(StandardCharsets.US_ASCII);
        try (RawHttp slow = new RawHttp(FIRST, fixture.port)) {
            long startNanos = System.nanoTime();
            // The start line and headers at once, then the body a byte every 100 ms.
            Trickle trickle = Trickle.start(slow::sendBytes, request, head.length(), Duration.ofMillis(100));
            RawHttp.Response timeout = slow.read(false);
            long closedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            trickle.stop();
            assertThat(timeout.status()).isEqualTo(408);
            assertThat(slow.closedByServer()).isTrue();
            assertThat(closedMillis).isBetween(900L, 2000L);
            ReliabilityReport.row("admin slow request body", "headers at once, then one body byte every 100 ms, "
                    + "requestTimeout 1 s", 1, "408 and closed after " + closedMillis + " ms", "0", "pass");
        }
    }

    @Test
    void aSlowRequestThatArrivesWithinTheDeadlineIsServed() throws Exception {
        fixture = start(16, Duration.ofSeconds(1));
        try (RawHttp client = new RawHttp(FIRST, fixture.port)) {
            client.send(HEALTH.substring(0, 10));
            Thread.sleep(300);
            client.send(HEALTH.substring(10, 20));
            Thread.sleep(300);
            RawHttp.Response first = client.exchange(HEALTH.substring(20));
            assertThat(first.status()).isEqualTo(200);
            // Keep-alive across several deadlines: between requests only the idle timeout applies.
            Thread.sleep(1200);
            assertThat(client.exchange(HEALTH).status()).isEqualTo(200);
            assertThat(counter("nvr.admin.connections.timed.out", "request")).isZero();
        }
    }

    @Test
    void anExportDownloadSlowerThanTheRequestDeadlineIsNotCut() throws Exception {
        Duration requestTimeout = Duration.ofMillis(500);
        fixture = start(16, requestTimeout);
        int size = 4 << 20;
        Path file = dir.resolve("export.mp4");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            out.seek(size - 4);
            out.write(new byte[] {1, 2, 3, 4});
        }
        fixture.exports.plan = new ExportPlan(List.of(new ExportPart.FileRange(file, 0, size)), size,
                TestExports.manifest(size, "export.mp4"));
        String get = "GET /api/v1/cameras/cam1/export.mp4?start=2026-11-24T10:15:00Z&end=2026-11-24T10:16:00Z"
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AdminServerFixture.basic(
                AdminServerFixture.OPERATOR, AdminServerFixture.OPERATOR_PASSWORD) + "\r\n\r\n";
        try (RawHttp client = new RawHttp(FIRST, fixture.port)) {
            long startNanos = System.nanoTime();
            client.send(get);
            RawHttp.Response head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(size));
            InputStream body = client.input();
            byte[] chunk = new byte[64 * 1024];
            byte[] last = new byte[4];
            long total = 0;
            while (total < size) {
                int n = body.read(chunk, 0, (int) Math.min(chunk.length, size - total));
                assertThat(n).as("body cut after %d bytes", total).isPositive();
                if (total + n == size) {
                    System.arraycopy(chunk, n - 4, last, 0, 4);
                }
                total += n;
                Thread.sleep(20);
            }
            long downloadMillis = (System.nanoTime() - startNanos) / 1_000_000;
            assertThat(last).containsExactly(1, 2, 3, 4);
            assertThat(downloadMillis).as("the download outlasted the request deadline")
                    .isGreaterThan(2 * requestTimeout.toMillis());
            // The same connection still serves the next request.
            assertThat(client.exchange(HEALTH).status()).isEqualTo(200);
            assertThat(counter("nvr.admin.connections.timed.out", "request")).isZero();
            ReliabilityReport.row("admin export slower than the request deadline", "4 MiB read 64 KiB every 20 ms, "
                    + "requestTimeout 500 ms", 1, "whole body in " + downloadMillis + " ms, connection kept", "0",
                    "pass");
        }
    }

    @Test
    void aTlsHandshakeLeftHalfDoneIsCutAtTheDeadline() throws Exception {
        AdminTls keyPair = TestCertificates.generate(dir, "nvr");
        fixture = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withTls(Optional.of(keyPair))
                .withConnectionLimits(64, 16, Duration.ofSeconds(1)));
        try (RawHttp client = new RawHttp(FIRST, fixture.port)) {
            long startNanos = System.nanoTime();
            // RFC 8446 §5.1: a handshake record header announcing 512 bytes, and 2 of them.
            client.sendBytes(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
            assertThat(client.closedByServer()).isTrue();
            long closedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            assertThat(closedMillis).isBetween(900L, 2000L);
            assertThat(counter("nvr.admin.connections.timed.out", "request")).isEqualTo(1);
            ReliabilityReport.row("admin TLS handshake left half done", "TLS record header of 512 bytes then 2 "
                    + "bytes, requestTimeout 1 s", 1, "closed after " + closedMillis + " ms", "0", "pass");
        }
    }

    private double counter(String name, String reason) {
        var counter = fixture.registry.find(name).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
