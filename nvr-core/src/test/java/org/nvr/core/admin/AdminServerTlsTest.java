package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;

class AdminServerTlsTest {
    private static final String QUERY = "?start=2026-11-24T10:15:00Z&end=2026-11-24T10:16:00Z";
    private static final String MP4 = "/api/v1/cameras/cam1/export.mp4" + QUERY;

    @TempDir
    Path dir;
    private AdminTls keyPair;
    private AdminServerFixture tls;
    private AdminServerFixture plain;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        keyPair = TestCertificates.generate(dir, "nvr");
        tls = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withTls(Optional.of(keyPair)));
        plain = new AdminServerFixture();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(TestCertificates.trusting(keyPair.certificate())).build();
    }

    @AfterEach
    void stop() throws Exception {
        tls.close();
        plain.close();
    }

    private HttpResponse<byte[]> getTls(String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(tls.httpsUri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", AdminServerFixture.basic(AdminServerFixture.OPERATOR,
                        AdminServerFixture.OPERATOR_PASSWORD));
        if (range != null) {
            request.header("Range", range);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void healthzAnswersOverTls13() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(tls.httpsUri("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession()).isPresent();
        assertThat(response.sslSession().get().getProtocol()).isEqualTo("TLSv1.3");
    }

    /**
     * More parts than the writer's window and file ranges of many TLS chunks, some not a multiple of the chunk
     * size: the bytes must be those the zero-copy path sends.
     */
    @Test
    void exportOverTlsIsByteForByteThePlainExport() throws Exception {
        ExportPlan plan = largePlan();
        tls.exports.plan = plan;
        plain.exports.plan = plan;

        HttpResponse<byte[]> overTls = getTls(MP4, null);
        HttpResponse<byte[]> overPlain = plain.send(plain.asOperator(MP4).build());

        assertThat(overPlain.statusCode()).isEqualTo(200);
        assertThat(overTls.statusCode()).isEqualTo(200);
        assertThat(overTls.body()).hasSize((int) plan.contentLength());
        assertThat(overTls.body()).isEqualTo(overPlain.body());

        String range = "bytes=70000-1500000";
        HttpResponse<byte[]> partTls = getTls(MP4, range);
        HttpResponse<byte[]> partPlain = plain.send(plain.asOperator(MP4).header("Range", range).build());
        assertThat(partTls.statusCode()).isEqualTo(206);
        assertThat(partTls.body()).isEqualTo(partPlain.body()).hasSize(1_430_001);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        assertThatThrownBy(() -> tls.sendText(HttpRequest.newBuilder(tls.uri("/healthz"))
                .timeout(Duration.ofSeconds(10)).build())).isInstanceOf(IOException.class);
    }

    @Test
    void aMissingFileFailsTheStartNamingItsKey() {
        AdminTls missing = new AdminTls(dir.resolve("nope.crt"), keyPair.privateKey());
        AdminServer server = new AdminServer(AdminServerOptions.DEFAULTS.withPort(0).withTls(Optional.of(missing)),
                plain.users, plain.audit, plain.exports, () -> "", org.nvr.core.time.NvrClock.SYSTEM, plain.registry,
                plain.group, plain.blocking);
        try {
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'admin.tls.certificate'").hasMessageContaining("nope.crt");
        } finally {
            server.close();
        }
        assertThatThrownBy(() -> AdminTlsContext.load(new AdminTls(keyPair.certificate(), dir.resolve("k"))))
                .hasMessageContaining("'admin.tls.privateKey'");
    }

    @Test
    void filesThatAreNotPemOfTheRightKindAreNamed() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> AdminTlsContext.load(new AdminTls(garbage, keyPair.privateKey())))
                .hasMessageContaining("'admin.tls.certificate'").hasMessageContaining("not a PEM certificate");
        // Certificate and key swapped: the usual mistake.
        assertThatThrownBy(() -> AdminTlsContext.load(new AdminTls(keyPair.privateKey(), keyPair.certificate())))
                .hasMessageContaining("'admin.tls.certificate'");
        assertThatThrownBy(() -> AdminTlsContext.load(new AdminTls(keyPair.certificate(), keyPair.certificate())))
                .hasMessageContaining("'admin.tls.privateKey'").hasMessageContaining("no PEM private key");
        Path sec1 = Files.writeString(dir.resolve("sec1.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n"
                + "-----END EC PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> AdminTlsContext.load(new AdminTls(keyPair.certificate(), sec1)))
                .hasMessageContaining("'admin.tls.privateKey'").hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void theKeyOfAnotherCertificateIsRefused() {
        AdminTls other = TestCertificates.generate(dir, "other");
        assertThatThrownBy(() -> AdminTlsContext.load(new AdminTls(keyPair.certificate(), other.privateKey())))
                .hasMessageContaining("'admin.tls.privateKey'").hasMessageContaining("is not the key of");
    }

    /**
     * 41 parts (beyond the window of 16): a 20-byte header, then 20 pairs of a 100 000-byte range of a 2 MB file
     * (six TLS chunks and a partial one) and a 7-byte generated box.
     */
    private ExportPlan largePlan() throws IOException {
        byte[] file = TestExports.pattern(2_000_000, 5);
        Path segment = Files.write(dir.resolve("big.mp4"), file);
        List<ExportPart> parts = new ArrayList<>();
        parts.add(new ExportPart.Bytes(TestExports.pattern(20, 1)));
        long length = 20;
        for (int i = 0; i < 20; i++) {
            parts.add(new ExportPart.FileRange(segment, i * 99_001L, 100_000));
            parts.add(new ExportPart.Bytes(TestExports.pattern(7, i)));
            length += 100_007;
        }
        return new ExportPlan(parts, length, TestExports.manifest(length, "cam1-main-20261124T101458Z.mp4"));
    }
}
