package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.time.NvrClock;
import picocli.CommandLine;

/** {@code nvr export} against a small HTTP server that plays the NVR's export endpoints. */
class ExportCommandTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";
    /** Shaped like an API token: nvr_ and 43 base64url characters. */
    private static final String TOKEN = "nvr_" + "t".repeat(43);
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    /** The MP4 body: 700 KiB of a fixed pattern (several copy buffers, so streaming is exercised). */
    private final byte[] mp4 = pattern(700 * 1024);
    private byte[] manifest;
    private volatile String statedManifestSha256;
    private volatile long bytesToSend = -1;

    @BeforeEach
    void startServer() throws Exception {
        manifest = ("{\"camera\":\"cam1\",\"stream\":\"main\",\"requestedStart\":\"2025-03-01T09:00:00Z\","
                + "\"requestedEnd\":\"2025-03-01T09:05:00Z\",\"contentLength\":" + mp4.length
                + ",\"segments\":[],\"gaps\":[]}").getBytes(StandardCharsets.UTF_8);
        statedManifestSha256 = sha256(manifest);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/cameras/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            queries.add(exchange.getRequestURI().getRawQuery());
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            String viewer = "Basic " + Base64.getEncoder().encodeToString(
                    ("bob:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (viewer.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                // A viewer: authenticated, but exports need the operator role.
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && !("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"NVR\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/cameras/cam1/export.json")) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, manifest.length);
                exchange.getResponseBody().write(manifest);
            } else if (path.equals("/api/v1/cameras/cam1/export.mp4")) {
                exchange.getResponseHeaders().add("Content-Type", "video/mp4");
                exchange.getResponseHeaders().add("X-Nvr-Manifest-Sha256", statedManifestSha256);
                exchange.sendResponseHeaders(200, mp4.length);
                OutputStream body = exchange.getResponseBody();
                body.write(mp4, 0, bytesToSend < 0 ? mp4.length : (int) bytesToSend);
            } else {
                byte[] message = "{\"error\":\"no camera\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, message.length);
                exchange.getResponseBody().write(message);
            }
        }
    }

    private record Result(int exitCode, String err) {
    }

    @Test
    void writesTheMp4AndASidecarWithItsSha256() throws Exception {
        Path out = dir.resolve("evidence.mp4");
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", out.toString(), "--server", url(), "--user", USER);
        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(mp4);
        assertThat(dir.resolve("evidence.mp4.part")).doesNotExist();

        JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("evidence.mp4.manifest.json").toFile());
        assertThat(sidecar.get("sha256").asText()).isEqualTo(sha256(mp4));
        assertThat(sidecar.get("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(sidecar.get("manifestSha256").asText()).isEqualTo(sha256(manifest));
        assertThat(sidecar.get("downloadedAt").asText()).isEqualTo(NOW.toString());
        assertThat(sidecar.get("manifest")).isEqualTo(new ObjectMapper().readTree(manifest));
        assertThat(sidecar.toString()).doesNotContain(PASSWORD);

        // Times as ISO-8601 instants, URL-encoded; the default stream.
        assertThat(queries).containsOnly("start=2025-03-01T09%3A00%3A00Z&end=2025-03-01T09%3A05%3A00Z&stream=main");
        // Without a terminal: one summary line, no progress bar.
        assertThat(result.err).contains("downloaded: 0.7 MiB").doesNotContain("[#").doesNotContain(PASSWORD);
    }

    @Test
    void serverUserAndPasswordComeFromTheEnvironment() {
        Path out = dir.resolve("e.mp4");
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD, "NVR_USER", USER, "NVR_SERVER", url()), "cam1",
                "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z", "-o", out.toString(),
                "--stream", "sub");
        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(queries).allMatch(q -> q.endsWith("&stream=sub"));
    }

    @Test
    void anApiTokenReplacesUserAndPassword() {
        Path out = dir.resolve("t.mp4");
        Result result = export(Map.of("NVR_TOKEN", TOKEN, "NVR_SERVER", url()), "cam1",
                "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z", "-o", out.toString());
        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(out).exists();

        Result bad = export(Map.of("NVR_TOKEN", "not a token", "NVR_SERVER", url()), "cam1",
                "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z", "-o", dir.resolve("u.mp4")
                        .toString());
        assertThat(bad.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err).contains("NVR_TOKEN");
    }

    @Test
    void manifestHashOtherThanStatedAbortsAndLeavesNoFile() {
        statedManifestSha256 = "0".repeat(64);
        Path out = dir.resolve("evidence.mp4");
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", out.toString(), "--server", url(), "--user", USER);
        assertThat(result.exitCode).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err).contains("manifest");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shortBodyAbortsAndLeavesNoFile() {
        bytesToSend = mp4.length - 1000;
        Path out = dir.resolve("evidence.mp4");
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", out.toString(), "--server", url(), "--user", USER);
        assertThat(result.exitCode).isEqualTo(ExitCodes.ERROR);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void wrongPasswordIsAnAuthFailure() {
        Result result = export(Map.of("NVR_PASSWORD", "wrong password"), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", dir.resolve("e.mp4").toString(), "--server", url(),
                "--user", USER);
        assertThat(result.exitCode).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(result.err).contains("HTTP 401").doesNotContain("wrong password");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void roleWithoutExportIsAnAuthFailure() {
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", dir.resolve("e.mp4").toString(), "--server", url(),
                "--user", "bob");
        assertThat(result.exitCode).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(result.err).contains("HTTP 403");
    }

    @Test
    void unknownCameraIsNotFound() {
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam9", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", dir.resolve("e.mp4").toString(), "--server", url(),
                "--user", USER);
        assertThat(result.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err).contains("HTTP 404", "no camera");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void nothingListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + port;
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", dir.resolve("e.mp4").toString(), "--server", nowhere,
                "--user", USER);
        assertThat(result.exitCode).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.err).contains("cannot reach the NVR at " + nowhere);
    }

    @Test
    void badInputsAreUsageErrors() {
        String out = dir.resolve("e.mp4").toString();
        Map<String, String> env = Map.of("NVR_PASSWORD", PASSWORD);
        assertThat(export(env, "cam1", "--from", "yesterday", "--to", "2025-03-01T09:05:00Z", "-o", out,
                "--server", url(), "--user", USER).exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(export(env, "cam1", "--from", "2025-03-01T09:05:00Z", "--to", "2025-03-01T09:00:00Z", "-o", out,
                "--server", url(), "--user", USER).exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(export(env, "../cam1", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z",
                "-o", out, "--server", url(), "--user", USER).exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(export(env, "cam1", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z",
                "-o", out, "--server", url()).err).contains("no user");
        assertThat(export(Map.of(), "cam1", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z",
                "-o", out, "--server", url(), "--user", USER).err).contains("no password");
        assertThat(export(env, "cam1", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T09:05:00Z",
                "-o", out, "--server", "ftp://127.0.0.1", "--user", USER).exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(queries).isEmpty();
    }

    @Test
    void existingOutputIsNeverOverwritten() throws IOException {
        Path out = dir.resolve("evidence.mp4");
        Files.writeString(out, "earlier evidence");
        Result result = export(Map.of("NVR_PASSWORD", PASSWORD), "cam1", "--from", "2025-03-01T09:00:00Z",
                "--to", "2025-03-01T09:05:00Z", "-o", out.toString(), "--server", url(), "--user", USER);
        assertThat(result.exitCode).isEqualTo(ExitCodes.ERROR);
        assertThat(Files.readString(out)).isEqualTo("earlier evidence");
    }

    @Test
    void progressBarShowsPercentAndRate() {
        long[] now = {0};
        NvrClock clock = new NvrClock() {
            @Override
            public Instant wallNow() {
                return NOW;
            }

            @Override
            public long monotonicNanos() {
                return now[0];
            }
        };
        TransferProgress progress = new TransferProgress(new PrintWriter(new StringWriter()), true, clock,
                4L * 1024 * 1024);
        now[0] = 1_000_000_000L;
        assertThat(progress.bar(2L * 1024 * 1024, now[0]))
                .isEqualTo("[###############---------------]  50%  2.0/4.0 MiB  2.0 MiB/s");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Result export(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        NvrClock clock = new NvrClock() {
            @Override
            public Instant wallNow() {
                return NOW;
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
        CommandLine cmd = new CommandLine(new ExportCommand(env, null, clock))
                .setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Result(exit, err.toString());
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
