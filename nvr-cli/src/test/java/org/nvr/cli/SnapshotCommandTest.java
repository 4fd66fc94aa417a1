package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.FakeAdminServer.Run;
import org.nvr.cli.client.ClientEnvironment;

/**
 * {@code nvr snapshot} against a fake admin endpoint in the manner of {@link FakeAdminServer} (HTTP Basic, error
 * JSON of docs/api.md), answering {@code snapshot.jpg} with bytes rather than JSON.
 */
class SnapshotCommandTest {
    private static final String USER = "bob";
    private static final String PASSWORD = "correct horse battery";
    /** The first bytes of a JFIF file: SOI, APP0 marker and length, "JFIF\0" (ITU-T T.871 §10.1). */
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0x00, 0x10,
        'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xff, (byte) 0xd9};

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + path + "?" + query);
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "application/json", FakeAdminServer.errorJson("unauthenticated",
                        "bad user name or password").getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/api/v1/cameras/demo/snapshot.jpg") && "stream=main".equals(query)) {
                reply(exchange, 200, "image/jpeg", JPEG);
            } else if (path.equals("/api/v1/cameras/gate/snapshot.jpg")) {
                reply(exchange, 503, "application/json", FakeAdminServer.errorJson("unavailable",
                        "camera 'gate' is disabled").getBytes(StandardCharsets.UTF_8));
            } else {
                reply(exchange, 404, "application/json", FakeAdminServer.errorJson("not_found",
                        "camera 'demo' has no stream 'sub'").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private Run snapshot(String password, String... args) {
        ClientEnvironment env = new ClientEnvironment(Map.of("NVR_SERVER", "http://127.0.0.1:"
                + server.getAddress().getPort(), "NVR_USER", USER, "NVR_PASSWORD", password), null,
                dir.resolve("cli.yaml"));
        return FakeAdminServer.run(new SnapshotCommand(env), args);
    }

    @Test
    void writesTheJpegToTheFileAndNothingElse() throws IOException {
        Path file = dir.resolve("demo.jpg");
        Run run = snapshot(PASSWORD, "demo", "-o", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(requests).containsExactly("GET /api/v1/cameras/demo/snapshot.jpg?stream=main");
        assertThat(Files.readAllBytes(file)).isEqualTo(JPEG);
        assertThat(run.out()).contains("wrote " + file.toAbsolutePath() + " (" + JPEG.length + " bytes)");
        assertThat(run.all()).doesNotContain(PASSWORD);
        // No temporary file is left beside it.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.jpg");
        }
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws IOException {
        Path file = dir.resolve("demo.jpg");
        Files.writeString(file, "older picture");
        Run refused = snapshot(PASSWORD, "demo", "-o", file.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains(file.toAbsolutePath() + " exists; give --force to replace it");
        assertThat(requests).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("older picture");

        Run forced = snapshot(PASSWORD, "demo", "-o", file.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(JPEG);
    }

    @Test
    void errorsOfTheServerAreShownAndNoFileIsWritten() {
        Path file = dir.resolve("gate.jpg");
        Run unavailable = snapshot(PASSWORD, "gate", "-o", file.toString());
        assertThat(unavailable.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(unavailable.err()).contains("error: camera 'gate' is disabled (unavailable)");
        Run noStream = snapshot(PASSWORD, "demo", "-o", file.toString(), "--stream", "sub");
        assertThat(requests).contains("GET /api/v1/cameras/demo/snapshot.jpg?stream=sub");
        assertThat(noStream.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        Run refused = snapshot("wrong password", "demo", "-o", file.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(Files.exists(file)).isFalse();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aBadCameraIdIsRefusedBeforeAnyRequest() {
        Run run = snapshot(PASSWORD, "../users", "-o", dir.resolve("x.jpg").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(requests).isEmpty();
    }
}
