package org.nvr.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nvr.cli.NvrServer;
import org.nvr.cli.config.AdminConfig;
import org.nvr.cli.config.DemoConfig;
import org.nvr.cli.config.NvrConfig;
import org.nvr.cli.config.RecordConfig;
import org.nvr.cli.config.RetentionConfig;
import org.nvr.cli.config.RtspConfig;
import org.nvr.cli.config.StorageConfig;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;

/**
 * A running {@link NvrServer} for the API integration tests: a data directory with its users created up front
 * (cheap {@link PasswordHasher} cost, every user with {@link #PASSWORD}), the RTSP and admin servers on free
 * loopback ports, and HTTP calls with Basic auth against the admin API.
 */
final class TestNvr implements AutoCloseable {
    /** Every user's password. */
    static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** An admin API answer: status, body as JSON (an empty object when there was none) and as text. */
    record Reply(int status, JsonNode body, String text) {
        String code() {
            return body.path("error").path("code").asText();
        }

        String message() {
            return body.path("error").path("message").asText();
        }
    }

    /** What to start; {@link #start()} creates the users and starts the server. */
    static final class Builder {
        private final Path data;
        private final Map<String, Role> users = new LinkedHashMap<>();
        private boolean demo;
        private Duration segmentDuration = Duration.ofSeconds(10);
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder(Path data) {
            this.data = data;
        }

        /** Whether the built-in demo camera records (off by default). */
        Builder demo(boolean on) {
            demo = on;
            return this;
        }

        Builder segmentDuration(Duration duration) {
            segmentDuration = duration;
            return this;
        }

        /** A user to create with {@link #PASSWORD}. */
        Builder user(String name, Role role) {
            users.put(name, role);
            return this;
        }

        Builder registry(MeterRegistry meters) {
            registry = meters;
            return this;
        }

        TestNvr start() throws IOException {
            Files.createDirectories(data);
            try (Database db = Database.open(data)) {
                H2UserStore store = new H2UserStore(db, new PasswordHasher(1_000, new SecureRandom()),
                        NvrClock.SYSTEM);
                for (Map.Entry<String, Role> user : users.entrySet()) {
                    store.addUser(user.getKey(), PASSWORD.toCharArray(), user.getValue());
                }
            }
            NvrConfig config = new NvrConfig(data, new RecordConfig(segmentDuration, Duration.ofSeconds(1), true),
                    RetentionConfig.DEFAULT, StorageConfig.DEFAULT, new DemoConfig(demo, 0),
                    new RtspConfig("127.0.0.1", 0, false, Duration.ofSeconds(60)), new AdminConfig("127.0.0.1", 0),
                    List.of());
            NvrServer server = new NvrServer(config, registry, NvrClock.SYSTEM);
            server.start();
            return new TestNvr(server);
        }
    }

    private final NvrServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestNvr(NvrServer server) {
        this.server = server;
    }

    /** An NVR keeping its data in {@code data} (created if missing). */
    static Builder builder(Path data) {
        return new Builder(data);
    }

    NvrServer server() {
        return server;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.adminPort() + path);
    }

    /** {@code user} with {@link #PASSWORD}; {@code body} (JSON) may be null. */
    Reply call(String user, String method, String path, String body) throws IOException, InterruptedException {
        return call(user, PASSWORD, method, path, body);
    }

    /** Without Authorization header when {@code user} is null. */
    Reply call(String user, String password, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(user, password, method, path, body),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), json, r.body());
    }

    /** The raw answer, for binary bodies such as JPEG snapshots. */
    HttpResponse<byte[]> bytes(String user, String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(request(user, PASSWORD, method, path, body), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String user, String password, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
                .timeout(CALL_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** Polls {@code condition} every 50 ms until it holds; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
