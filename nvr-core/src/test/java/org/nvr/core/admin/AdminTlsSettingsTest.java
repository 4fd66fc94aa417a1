package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.ReliabilityReport;

/**
 * The admin endpoint's TLS settings, checked from outside against a running {@link AdminServer} with an EC and with
 * an RSA certificate: TLS 1.3 and 1.2 handshakes complete with ECDHE and an AEAD suite; TLS 1.0 and 1.1 are refused
 * with a protocol_version alert (RFC 8996); CBC, static-RSA, finite-field DHE, NULL and anonymous TLS 1.2 suites are
 * refused with a handshake_failure alert; plain HTTP on the HTTPS port gets no HTTP answer and the connection is
 * closed; a client-initiated renegotiation is refused; no compression. The JDK client will not even offer TLS 1.0
 * or 1.1 (its {@code jdk.tls.disabledAlgorithms}), so those and most weak suites are tried with {@code openssl
 * s_client} (Debian package openssl) at security level 0, which sends them; every refusal is asserted by the
 * server's alert, so a client that gave up on its own would not pass for a refusing server.
 */
class AdminTlsSettingsTest {
    /** TLS 1.3 suites (RFC 8446 §B.4) and TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305 (RFC 9325 §4.2). */
    private static final Pattern AEAD_FORWARD_SECRET = Pattern.compile(
            "TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)"
                    + "|TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");
    /** OpenSSL names of TLS 1.2 suites the server must refuse, for the EC certificate. */
    private static final List<String> WEAK_FOR_EC = List.of(
            "ECDHE-ECDSA-AES128-SHA", // CBC, HMAC-SHA1
            "ECDHE-ECDSA-AES256-SHA384", // CBC
            "ECDHE-ECDSA-NULL-SHA", // no encryption
            "AECDH-AES128-SHA", // anonymous: no authentication
            "ECDHE-ECDSA-DES-CBC3-SHA", // 3DES (Sweet32); not in every OpenSSL build
            "ECDHE-ECDSA-RC4-SHA"); // RC4 (RFC 7465); not in every OpenSSL build
    /** And for the RSA certificate, where static RSA key exchange and finite-field DHE become possible. */
    private static final List<String> WEAK_FOR_RSA = List.of(
            "AES128-GCM-SHA256", // static RSA key exchange: no forward secrecy
            "AES128-SHA", // static RSA, CBC
            "ECDHE-RSA-AES128-SHA", // CBC
            "DHE-RSA-AES128-GCM-SHA256", // finite-field DHE: not in the list (RFC 9325 §4.1)
            "EXP-RC4-MD5", // EXPORT; OpenSSL 1.1 and later no longer have it
            "DES-CBC3-SHA"); // 3DES; not in every OpenSSL build
    /** The suites OpenSSL must have for the weak-suite check to mean anything. */
    private static final List<String> MUST_TRY = List.of("ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-NULL-SHA",
            "AECDH-AES128-SHA", "AES128-GCM-SHA256", "AES128-SHA", "ECDHE-RSA-AES128-SHA");
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static AdminTls ecKeyPair;
    private static AdminTls rsaKeyPair;
    private static AdminServerFixture ec;
    private static AdminServerFixture rsa;
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();
    private static final AtomicInteger FAILED_TESTS = new AtomicInteger();

    @RegisterExtension
    static final TestWatcher FAILURES = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            FAILED_TESTS.incrementAndGet();
        }
    };

    @BeforeAll
    static void start() {
        Peers.require("openssl (Debian package: openssl)", Peers.has("openssl"));
        ecKeyPair = TestCertificates.generate(dir, "ec");
        rsaKeyPair = TestCertificates.generateRsa(dir, "rsa");
        ec = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withTls(Optional.of(ecKeyPair)));
        rsa = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withTls(Optional.of(rsaKeyPair)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ec != null) {
            ec.close();
        }
        if (rsa != null) {
            rsa.close();
        }
        ReliabilityReport.row("admin TLS: old protocols, weak suites, plain HTTP, renegotiation",
                ATTEMPTS.get() + " handshakes and connections (JDK client, openssl s_client) against EC and RSA"
                        + " certificates", ATTEMPTS.get(), "only TLS 1.3/1.2 with ECDHE and an AEAD suite complete;"
                        + " the rest end in the server's alert or a closed connection", "0",
                FAILED_TESTS.get() == 0 ? "pass" : "FAIL");
    }

    @Test
    void theEngineEnablesOnlyTls13And12WithForwardSecretAeadSuites() {
        for (AdminTls keyPair : List.of(ecKeyPair, rsaKeyPair)) {
            SslContext context = AdminTlsContext.load(keyPair);
            SSLEngine engine = context.newEngine(UnpooledByteBufAllocator.DEFAULT);
            assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(engine.getEnabledCipherSuites()).isNotEmpty().allSatisfy(suite -> {
                assertThat(suite).matches(AEAD_FORWARD_SECRET);
                assertThat(suite).doesNotContain("CBC", "NULL", "EXPORT", "RC4", "3DES", "DES", "anon", "_DHE_",
                        "TLS_RSA_", "MD5");
            });
            assertThat(engine.getEnabledCipherSuites()).as("every suite of the list this JDK supports")
                    .contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(context.cipherSuites()).containsExactlyElementsOf(List.of(engine.getEnabledCipherSuites()));
        }
    }

    @Test
    void tls13And12HandshakesCompleteWithAnAeadSuite() throws Exception {
        SSLContext trustEc = TestCertificates.trusting(ecKeyPair.certificate());
        SSLContext trustRsa = TestCertificates.trusting(rsaKeyPair.certificate());

        assertThat(healthz(trustEc, ec, "TLSv1.3", null)).startsWith("TLSv1.3 TLS_");
        assertThat(healthz(trustEc, ec, "TLSv1.2", null)).startsWith("TLSv1.2 TLS_ECDHE_ECDSA_WITH_");
        assertThat(healthz(trustEc, ec, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
                .isEqualTo("TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(healthz(trustRsa, rsa, "TLSv1.3", null)).startsWith("TLSv1.3 TLS_");
        assertThat(healthz(trustRsa, rsa, "TLSv1.2", null)).startsWith("TLSv1.2 TLS_ECDHE_RSA_WITH_");
        assertThat(healthz(trustRsa, rsa, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .isEqualTo("TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

        // The same from OpenSSL: its TLS 1.2 default list, and no compression (the JDK has only the null method).
        String tls12 = sClient(ec, "-tls1_2");
        assertThat(tls12).as(tls12).contains("Protocol  : TLSv1.2").containsPattern("Cipher is ECDHE-ECDSA-\\S+GCM")
                .contains("Compression: NONE");
        String tls13 = sClient(rsa, "-tls1_3");
        assertThat(tls13).as(tls13).contains("New, TLSv1.3, Cipher is TLS_").contains("Compression: NONE");
    }

    @Test
    void tls10And11AreRefusedWithAProtocolVersionAlert() {
        for (AdminServerFixture server : List.of(ec, rsa)) {
            for (String version : List.of("-tls1", "-tls1_1")) {
                // Security level 0: OpenSSL 3 will not offer TLS 1.0/1.1 (their SHA-1 handshake) at its default.
                String out = sClient(server, version, "-cipher", "DEFAULT@SECLEVEL=0");
                // RFC 8446 §6.2 protocol_version is alert 70: the server's refusal, not the client's.
                assertThat(out).as(version + ": " + out).contains("alert protocol version")
                        .contains("Cipher is (NONE)");
            }
        }
    }

    @Test
    void weakTls12SuitesAreRefusedWithAHandshakeFailureAlert() throws Exception {
        List<String> tried = new ArrayList<>();
        tried.addAll(refuseAll(ec, WEAK_FOR_EC));
        tried.addAll(refuseAll(rsa, WEAK_FOR_RSA));
        assertThat(tried).as("weak suites this OpenSSL could offer").containsAll(MUST_TRY);

        // The JDK client still offers CBC suites with ECDHE, which its own server accepts by default.
        SSLContext trustEc = TestCertificates.trusting(ecKeyPair.certificate());
        for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA")) {
            ATTEMPTS.incrementAndGet();
            assertThatThrownBy(() -> healthz(trustEc, ec, "TLSv1.2", suite)).as(suite)
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("handshake_failure");
        }
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoHttpAnswerAndTheConnectionCloses() throws Exception {
        ATTEMPTS.incrementAndGet();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", ec.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, Math.min(n, 4096 - received.size()));
                }
            } catch (SocketTimeoutException e) {
                fail("the server kept a plain-HTTP connection open for 10 s; received: " + received);
            } catch (SocketException e) {
                // A reset is a closed connection too.
            }
        }
        assertThat(received.toString(StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/").doesNotContain("ok");
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        ATTEMPTS.incrementAndGet();
        Path output = Files.createTempFile(dir, "renegotiate-", ".out");
        // s_client renegotiates when a line starting with R arrives on its stdin (interactive mode).
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + ec.port, "-tls1_2")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try (OutputStream stdin = process.getOutputStream()) {
            await(output, "Extended master secret", process);
            stdin.write("R\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            await(output, "alert handshake failure", process);
            String out = Files.readString(output);
            assertThat(out).as(out).contains("RENEGOTIATING");
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Tries each suite OpenSSL has against {@code server} alone; returns the ones it could offer. */
    private static List<String> refuseAll(AdminServerFixture server, List<String> suites) {
        List<String> tried = new ArrayList<>();
        for (String suite : suites) {
            if (!ProcessRunner.run(List.of("openssl", "ciphers", suite + "@SECLEVEL=0"), OPENSSL_TIMEOUT)
                    .succeeded()) {
                continue;
            }
            String out = sClient(server, "-tls1_2", "-cipher", suite + "@SECLEVEL=0");
            // RFC 5246 §7.2.2 handshake_failure (40): the JDK's "no cipher suites in common".
            assertThat(out).as(suite + ": " + out).contains("alert handshake failure").contains("Cipher is (NONE)");
            tried.add(suite);
        }
        return tried;
    }

    /** One {@code openssl s_client} handshake (stdin at end of file, so it quits after it); stdout and stderr. */
    private static String sClient(AdminServerFixture server, String... options) {
        ATTEMPTS.incrementAndGet();
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port,
                "-servername", "localhost"));
        command.addAll(List.of(options));
        ProcessRunner.Result result = ProcessRunner.run(command, OPENSSL_TIMEOUT);
        assertThat(result.timedOut()).as(result.describe()).isFalse();
        return result.stdout() + result.stderr();
    }

    /** GET /healthz over TLS with the protocol (and suite, if given) forced; "protocol suite" of the session. */
    private static String healthz(SSLContext trust, AdminServerFixture server, String protocol, String suite)
            throws IOException {
        ATTEMPTS.incrementAndGet();
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", server.port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(socket.getSession().getCipherSuite()).matches(AEAD_FORWARD_SECRET);
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        }
    }

    private static void await(Path output, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + OPENSSL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String out = Files.readString(output);
            if (out.contains(text)) {
                return;
            }
            if (!process.isAlive() && !Files.readString(output).contains(text)) {
                fail("openssl s_client exited without '" + text + "': " + out);
            }
            Thread.sleep(50);
        }
        fail("no '" + text + "' from openssl s_client within " + OPENSSL_TIMEOUT + ": " + Files.readString(output));
    }
}
