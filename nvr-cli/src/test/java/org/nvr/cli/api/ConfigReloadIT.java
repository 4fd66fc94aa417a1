package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.NvrServer;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;

/**
 * {@code POST /api/v1/reload} against an NVR started from a temporary nvr.yaml, its cameras pointing at a demo
 * camera server of the test: a camera added to the file records, one removed stops with its segment indexed, a
 * changed one restarts, a bad file is refused naming line and key with nothing changed, and keys that need a
 * restart are reported.
 */
class ConfigReloadIT {
    private static final String ADMIN = "admin1";
    private static final String VIEWER = "viewer1";
    private static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StreamKey GATE = new StreamKey("gate", "main");
    private static final StreamKey YARD = new StreamKey("yard", "main");

    @TempDir
    Path dir;
    private Path configFile;
    private Path data;
    private EventLoopGroup demoLoops;
    private DemoCameraServer cameras;
    private NvrServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        demoLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        cameras = new DemoCameraServer(DemoClip.generate(320, 180, 25, 50, 25),
                new InetSocketAddress("127.0.0.1", 0), demoLoops);
        cameras.start();
        data = Files.createDirectories(dir.resolve("data"));
        try (Database db = Database.open(data)) {
            H2UserStore users = new H2UserStore(db, new PasswordHasher(1_000, new SecureRandom()), NvrClock.SYSTEM);
            users.addUser(ADMIN, PASSWORD.toCharArray(), Role.ADMIN);
            users.addUser(VIEWER, PASSWORD.toCharArray(), Role.VIEWER);
        }
        configFile = dir.resolve("nvr.yaml");
        writeConfig(0, List.of("gate"));
        server = new NvrServer(new ConfigLoader().load(configFile), Optional.of(configFile),
                new SimpleMeterRegistry(), NvrClock.SYSTEM);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (cameras != null) {
            cameras.close();
        }
        demoLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** nvr.yaml with the given RTSP port and one camera per id, each streaming the test's demo clip. */
    private void writeConfig(int rtspPort, List<String> cameraIds) throws Exception {
        StringBuilder yaml = new StringBuilder("dataDir: " + data + "\n"
                + "demo:\n  enabled: false\n"
                + "rtsp:\n  bind: 127.0.0.1\n  port: " + rtspPort + "\n"
                + "admin:\n  bind: 127.0.0.1\n  port: 0\n"
                + "record:\n  segmentDuration: 10s\n"
                + "cameras:" + (cameraIds.isEmpty() ? " []" : "") + "\n");
        for (String id : cameraIds) {
            yaml.append("  - id: ").append(id).append("\n    url: ").append(cameras.url(id)).append("\n");
        }
        Files.writeString(configFile, yaml.toString(), StandardCharsets.UTF_8);
    }

    record Reply(int status, JsonNode body, String text) {
    }

    private Reply post(String user, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()),
                r.body());
    }

    private Reply reload() throws Exception {
        return post(ADMIN, ReloadRoutes.PATH);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void awaitFrames(StreamKey key, long frames) throws InterruptedException {
        await(frames + " frames of " + key, () -> server.status(key).map(s -> s.frames() >= frames).orElse(false));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private List<SegmentRow> segments(StreamKey key) {
        return server.index().segments(key, Instant.EPOCH, Instant.now().plusSeconds(3600));
    }

    private AuditEntry lastReloadAudit() {
        return server.audit().recent(100).stream().filter(e -> e.action().equals("config.reload")).findFirst()
                .orElseThrow(() -> new AssertionError("no audit row config.reload"));
    }

    @Test
    void addedCameraRecordsAndRemovedOneStopsWithItsSegmentIndexed() throws Exception {
        awaitFrames(GATE, 25);
        StreamHub gateHub = server.hub(GATE).orElseThrow();

        writeConfig(0, List.of("gate", "yard"));
        Reply added = reload();
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(texts(added.body().path("applied"))).containsExactly("camera yard: added");
        assertThat(texts(added.body().path("needsRestart"))).isEmpty();
        awaitFrames(YARD, 25);
        await("a segment file of yard", () -> Files.isDirectory(server.recordingsRoot().resolve("yard")));
        assertThat(server.hub(GATE)).as("an unchanged camera runs on without a break").containsSame(gateHub);
        AuditEntry audit = lastReloadAudit();
        assertThat(audit.user()).isEqualTo(ADMIN);
        assertThat(audit.detail()).containsEntry("result", "applied").containsEntry("applied", "camera yard: added")
                .containsEntry("needsRestart", "");

        writeConfig(0, List.of("gate"));
        Reply removed = reload();
        assertThat(removed.status()).as(removed.text()).isEqualTo(200);
        assertThat(texts(removed.body().path("applied"))).containsExactly("camera yard: removed");
        assertThat(server.status(YARD)).as("yard's ingest stopped").isEmpty();
        List<SegmentRow> yardSegments = segments(YARD);
        assertThat(yardSegments).as("the open segment was finished and indexed").isNotEmpty();
        assertThat(yardSegments.get(yardSegments.size() - 1).endReason()).isEqualTo(EndReason.STOPPED);
        assertThat(yardSegments.get(yardSegments.size() - 1).frames()).isPositive();
        assertThat(server.hub(GATE)).containsSame(gateHub);

        Reply unchanged = reload();
        assertThat(texts(unchanged.body().path("applied"))).isEmpty();
    }

    @Test
    void changedCameraRestartsOnItsNewUrl() throws Exception {
        awaitFrames(GATE, 25);
        StreamHub before = server.hub(GATE).orElseThrow();
        String oldUrl = cameras.url("gate");
        // Same id, another path of the demo server: a new URL.
        Files.writeString(configFile, Files.readString(configFile).replace(oldUrl, cameras.url("gate-2")));
        Reply changed = reload();
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(texts(changed.body().path("applied"))).containsExactly("camera gate: changed, restarted");
        awaitFrames(GATE, 25);
        assertThat(server.hub(GATE)).isPresent().get().isNotSameAs(before);
        assertThat(server.index().gaps(GATE, Instant.EPOCH, Instant.now().plusSeconds(60)))
                .anySatisfy(gap -> assertThat(gap.detail()).isEqualTo("camera changed in nvr.yaml"));
    }

    @Test
    void badFileIsRefusedNamingLineAndKeyAndNothingChanges() throws Exception {
        awaitFrames(GATE, 25);
        StreamHub gateHub = server.hub(GATE).orElseThrow();
        // Line 11 misspells segmentDuration, and a second camera is added: neither may take effect.
        writeConfig(0, List.of("gate", "yard"));
        String text = Files.readString(configFile);
        assertThat(text.lines().toList().get(10)).isEqualTo("  segmentDuration: 10s");
        Files.writeString(configFile, text.replace("  segmentDuration: 10s", "  segmentDuraton: 10s"));

        Reply refused = reload();
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("bad_request");
        assertThat(refused.body().path("error").path("message").asText())
                .isEqualTo(configFile + ":11: unknown key 'record.segmentDuraton'");
        assertThat(server.status(YARD)).as("no camera was added").isEmpty();
        assertThat(server.hub(GATE)).containsSame(gateHub);
        assertThat(lastReloadAudit().detail()).containsEntry("result", "refused")
                .containsEntry("error", configFile + ":11: unknown key 'record.segmentDuraton'");

        // A bad camera value: refused naming the camera's key, gate untouched.
        Files.writeString(configFile, text.replace("  - id: yard\n", "  - id: yard\n    stallTimeout: 0s\n"));
        Reply badValue = reload();
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(badValue.body().path("error").path("message").asText()).startsWith(configFile + ":")
                .contains("'stallTimeout' must be between 1s and 10m");
        assertThat(server.status(YARD)).isEmpty();
        assertThat(server.hub(GATE)).containsSame(gateHub);
    }

    @Test
    void changedPortIsReportedAsNeedingARestartAndKeepsItsRunningValue() throws Exception {
        int rtspPort = server.rtspPort();
        writeConfig(rtspPort == 65535 ? 65534 : rtspPort + 1, List.of("gate"));
        Reply reply = reload();
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(texts(reply.body().path("needsRestart"))).containsExactly("rtsp.port");
        assertThat(texts(reply.body().path("applied"))).isEmpty();
        assertThat(server.rtspPort()).isEqualTo(rtspPort);
        assertThat(lastReloadAudit().detail()).containsEntry("needsRestart", "rtsp.port");
    }

    @Test
    void onlyAdminsMayReload() throws Exception {
        assertThat(post(VIEWER, ReloadRoutes.PATH).status()).isEqualTo(403);
    }
}
