package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.NvrServer;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.camera.IngestState;
import org.nvr.core.snapshot.SnapshotOptions;
import org.nvr.core.snapshot.Snapshotter;
import org.nvr.core.testing.FreePorts;
import org.nvr.core.time.NvrClock;

/** {@code GET /api/v1/cameras/{id}/snapshot.jpg} against a running NVR with the demo camera. */
class SnapshotIT {
    private static final String ADMIN = "admin1";
    private static final String VIEWER = "viewer1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TestNvr nvr;
    private static NvrServer server;

    @BeforeAll
    static void setUp() throws Exception {
        nvr = TestNvr.builder(dir.resolve("data")).demo(true).user(ADMIN, Role.ADMIN).user(VIEWER, Role.VIEWER)
                .start();
        server = nvr.server();
        TestNvr.await("the demo camera streaming", Duration.ofSeconds(60),
                () -> server.status("demo") != null && server.status("demo").state() == IngestState.STREAMING);
    }

    @AfterAll
    static void tearDown() {
        if (nvr != null) {
            nvr.close();
        }
    }

    private static HttpResponse<byte[]> call(String user, String method, String path, String body) throws Exception {
        return nvr.bytes(user, method, path, body);
    }

    private static String message(HttpResponse<byte[]> response) throws Exception {
        JsonNode error = JSON.readTree(response.body()).path("error");
        return error.path("code").asText() + ": " + error.path("message").asText();
    }

    @Test
    void aViewerGetsTheDemoPictureAsAJpegAndTheViewIsAudited() throws Exception {
        HttpResponse<byte[]> response = call(VIEWER, "GET", "/api/v1/cameras/demo/snapshot.jpg", null);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
        // The demo picture: a gradient, a box, and DEMO in white block letters on black.
        Set<Integer> levels = new HashSet<>();
        int brightest = 0;
        int darkest = 255;
        for (int y = 0; y < 360; y += 4) {
            for (int x = 0; x < 640; x += 4) {
                int rgb = image.getRGB(x, y);
                int luma = ((rgb >> 16 & 0xff) * 299 + (rgb >> 8 & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
                levels.add(luma / 8);
                brightest = Math.max(brightest, luma);
                darkest = Math.min(darkest, luma);
            }
        }
        assertThat(levels.size()).isGreaterThan(8);
        assertThat(brightest).isGreaterThan(220);
        assertThat(darkest).isLessThan(30);

        List<AuditEntry> rows = server.audit().recent(50).stream()
                .filter(e -> e.action().equals("live.snapshot")).toList();
        assertThat(rows).isNotEmpty();
        AuditEntry row = rows.get(0);
        assertThat(row.user()).isEqualTo(VIEWER);
        assertThat(row.detail()).containsEntry("camera", "demo").containsEntry("stream", "main")
                .containsEntry("width", "640").containsEntry("height", "360")
                .containsEntry("bytes", Integer.toString(response.body().length));
    }

    @Test
    void noPictureLeavesWhenTheAuditLogRefusesTheRow() throws Exception {
        List<AuditEntry> attempted = new ArrayList<>();
        AuditLog refusing = new AuditLog() {
            @Override
            public void append(AuditEntry entry) {
                attempted.add(entry);
                throw new IllegalStateException("audit database is read-only");
            }

            @Override
            public List<AuditEntry> recent(int limit) {
                return List.of();
            }
        };
        // The route as the server registers it, on the running demo camera, with an audit log that fails.
        Route route = new SnapshotRoutes(server.cameras(), new Snapshotter(SnapshotOptions.DEFAULTS), refusing,
                new AdminJson(), NvrClock.SYSTEM).routes().get(0);
        AdminRequest request = new AdminRequest(HttpMethod.GET, SnapshotRoutes.PATH, Map.of("id", "demo"), Map.of(),
                new DefaultHttpHeaders(), new byte[0], Optional.of(new Principal(VIEWER, Role.VIEWER)),
                "127.0.0.1:40000");

        AdminResponse response = route.handler().handle(request);

        assertThat(attempted).as("the row was attempted before anything was sent").hasSize(1);
        assertThat(attempted.get(0).action()).isEqualTo(SnapshotRoutes.ACTION);
        assertThat(response.status().code()).isEqualTo(500);
        AdminResponse.Full full = (AdminResponse.Full) response;
        assertThat(full.contentType()).startsWith("application/json");
        assertThat(new String(full.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}");
    }

    @Test
    void unknownCamerasAndStreamsAre404() throws Exception {
        HttpResponse<byte[]> noCamera = call(VIEWER, "GET", "/api/v1/cameras/nope/snapshot.jpg", null);
        assertThat(noCamera.statusCode()).isEqualTo(404);
        assertThat(message(noCamera)).isEqualTo("not_found: no camera 'nope'");
        HttpResponse<byte[]> noStream = call(VIEWER, "GET", "/api/v1/cameras/demo/snapshot.jpg?stream=sub", null);
        assertThat(noStream.statusCode()).isEqualTo(404);
        assertThat(message(noStream)).isEqualTo("not_found: camera 'demo' has no stream 'sub'");
        HttpResponse<byte[]> badStream = call(VIEWER, "GET", "/api/v1/cameras/demo/snapshot.jpg?stream=A%2F", null);
        assertThat(badStream.statusCode()).isEqualTo(400);
    }

    @Test
    void camerasNotStreamingOrDisabledAre503WithTheReason() throws Exception {
        int closed = FreePorts.tcpPort();
        HttpResponse<byte[]> added = call(ADMIN, "POST", "/api/v1/cameras",
                "{\"id\":\"dark\",\"url\":\"rtsp://127.0.0.1:" + closed + "/none\"}");
        assertThat(added.statusCode()).as(new String(added.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        HttpResponse<byte[]> dark = call(VIEWER, "GET", "/api/v1/cameras/dark/snapshot.jpg", null);
        assertThat(dark.statusCode()).isEqualTo(503);
        assertThat(message(dark)).startsWith("unavailable: camera 'dark' stream 'main' is not streaming (");

        assertThat(call(ADMIN, "POST", "/api/v1/cameras/dark/disable", null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> disabled = call(VIEWER, "GET", "/api/v1/cameras/dark/snapshot.jpg", null);
        assertThat(disabled.statusCode()).isEqualTo(503);
        assertThat(message(disabled)).isEqualTo("unavailable: camera 'dark' is disabled");
        assertThat(server.audit().recent(100).stream().filter(e -> e.action().equals("live.snapshot"))
                .noneMatch(e -> "dark".equals(e.detail().get("camera")))).isTrue();
    }
}
