package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.NvrServer;
import org.nvr.cli.api.TestNvr.Reply;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.core.camera.IngestState;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;

/**
 * The users, audit, recordings, server and readiness routes against a running NVR with the demo camera recording
 * 10 s segments, an admin and a viewer.
 */
class AdminRoutesIT {
    private static final String ADMIN = "admin1";
    private static final String VIEWER = "viewer1";
    private static final String PASSWORD = TestNvr.PASSWORD;
    private static final StreamKey DEMO = new StreamKey("demo", "main");

    @TempDir
    static Path dir;
    private static Path data;
    private static TestNvr nvr;
    private static NvrServer server;

    @BeforeAll
    static void setUp() throws Exception {
        data = dir.resolve("data");
        nvr = TestNvr.builder(data).demo(true).user(ADMIN, Role.ADMIN).user(VIEWER, Role.VIEWER).start();
        server = nvr.server();
    }

    @AfterAll
    static void tearDown() {
        if (nvr != null) {
            nvr.close();
        }
    }

    private static Reply call(String user, String password, String method, String path, String body)
            throws Exception {
        return nvr.call(user, password, method, path, body);
    }

    private static Reply admin(String method, String path, String body) throws Exception {
        return call(ADMIN, PASSWORD, method, path, body);
    }

    private static Reply viewer(String method, String path) throws Exception {
        return call(VIEWER, PASSWORD, method, path, null);
    }

    private static List<String> names(JsonNode users) {
        List<String> names = new ArrayList<>();
        users.path("users").forEach(u -> names.add(u.path("name").asText()));
        return names;
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void usersAreListedAddedChangedAndRemovedWithoutEverShowingAPassword() throws Exception {
        Reply list = admin("GET", "/api/v1/users", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(names(list.body())).contains(ADMIN, VIEWER);
        JsonNode first = list.body().path("users").get(0);
        assertThat(first.has("createdAt") && first.has("role") && first.has("disabled")).isTrue();
        assertThat(list.text()).doesNotContainIgnoringCase("hash").doesNotContainIgnoringCase("digest")
                .doesNotContain("pbkdf2");

        Reply added = admin("POST", "/api/v1/users",
                "{\"name\":\"olga\",\"password\":\"first-password\",\"role\":\"operator\"}");
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.body().path("name").asText()).isEqualTo("olga");
        assertThat(added.body().path("role").asText()).isEqualTo("operator");
        assertThat(added.body().path("disabled").asBoolean(true)).isFalse();
        assertThat(added.text()).doesNotContain("first-password");
        assertThat(call("olga", "first-password", "GET", "/api/v1/cameras", null).status()).isEqualTo(200);

        assertThat(admin("POST", "/api/v1/users",
                "{\"name\":\"olga\",\"password\":\"another-password\",\"role\":\"viewer\"}").status()).isEqualTo(409);
        assertThat(admin("POST", "/api/v1/users", "{\"name\":\"ivan\",\"password\":\"short\",\"role\":\"viewer\"}")
                .message()).isEqualTo("'password': must be 8..1024 characters");
        assertThat(admin("POST", "/api/v1/users", "{\"name\":\"ivan\",\"password\":\"long-enough\"}").message())
                .isEqualTo("'role': required");
        assertThat(admin("POST", "/api/v1/users",
                "{\"name\":\"ivan\",\"password\":\"long-enough\",\"role\":\"root\"}").message())
                .isEqualTo("'role': must be viewer, operator or admin");
        assertThat(admin("POST", "/api/v1/users",
                "{\"name\":\"Ivan K\",\"password\":\"long-enough\",\"role\":\"viewer\"}").message())
                .startsWith("'name': must be lower case letters");
        assertThat(admin("POST", "/api/v1/users",
                "{\"name\":\"ivan\",\"password\":\"long-enough\",\"role\":\"viewer\",\"admin\":true}").message())
                .isEqualTo("'admin': unknown field");

        Reply changed = admin("PUT", "/api/v1/users/olga", "{\"role\":\"viewer\",\"password\":\"second-password\"}");
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.body().path("role").asText()).isEqualTo("viewer");
        // The change clears the cache of verified logins: the old password, verified a moment ago, is refused now.
        assertThat(call("olga", "first-password", "GET", "/api/v1/cameras", null).status()).isEqualTo(401);
        assertThat(call("olga", "second-password", "GET", "/api/v1/cameras", null).status()).isEqualTo(200);
        Reply disabled = admin("PUT", "/api/v1/users/olga", "{\"disabled\":true}");
        assertThat(disabled.body().path("disabled").asBoolean()).isTrue();
        assertThat(call("olga", "second-password", "GET", "/api/v1/cameras", null).status()).isEqualTo(401);
        assertThat(admin("PUT", "/api/v1/users/olga", "{}").message())
                .isEqualTo("request body must set at least one of 'role', 'disabled', 'password'");
        assertThat(admin("PUT", "/api/v1/users/olga", "{\"disabled\":\"yes\"}").message())
                .isEqualTo("'disabled': must be true or false");
        assertThat(admin("PUT", "/api/v1/users/nobody", "{\"disabled\":true}").status()).isEqualTo(404);

        Reply removed = admin("DELETE", "/api/v1/users/olga", null);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(names(admin("GET", "/api/v1/users", null).body())).doesNotContain("olga");
        assertThat(admin("DELETE", "/api/v1/users/olga", null).status()).isEqualTo(404);
    }

    @Test
    void theLastEnabledAdminCanBeNeitherRemovedDemotedNorDisabled() throws Exception {
        Reply remove = admin("DELETE", "/api/v1/users/" + ADMIN, null);
        assertThat(remove.status()).isEqualTo(409);
        assertThat(remove.code()).isEqualTo("conflict");
        assertThat(remove.message()).contains("last enabled admin");
        assertThat(admin("PUT", "/api/v1/users/" + ADMIN, "{\"role\":\"operator\"}").status()).isEqualTo(409);
        assertThat(admin("PUT", "/api/v1/users/" + ADMIN, "{\"disabled\":true}").status()).isEqualTo(409);

        // With a second enabled admin, the first may go down to operator; the second is then the last.
        assertThat(admin("POST", "/api/v1/users",
                "{\"name\":\"second\",\"password\":\"second-admin-pw\",\"role\":\"admin\"}").status()).isEqualTo(201);
        assertThat(admin("PUT", "/api/v1/users/second", "{\"disabled\":true}").status()).isEqualTo(200);
        assertThat(admin("PUT", "/api/v1/users/" + ADMIN, "{\"role\":\"operator\"}").status())
                .as("a disabled admin does not count").isEqualTo(409);
        assertThat(admin("PUT", "/api/v1/users/second", "{\"disabled\":false}").status()).isEqualTo(200);
        assertThat(call("second", "second-admin-pw", "PUT", "/api/v1/users/" + ADMIN, "{\"role\":\"operator\"}")
                .status()).isEqualTo(200);
        assertThat(call("second", "second-admin-pw", "DELETE", "/api/v1/users/second", null).status())
                .isEqualTo(409);
        assertThat(call("second", "second-admin-pw", "PUT", "/api/v1/users/" + ADMIN, "{\"role\":\"admin\"}")
                .status()).isEqualTo(200);
        assertThat(admin("DELETE", "/api/v1/users/second", null).status()).isEqualTo(200);
    }

    @Test
    void viewersMayNotTouchUsersOrReadTheAuditLog() throws Exception {
        assertThat(viewer("GET", "/api/v1/users").status()).isEqualTo(403);
        assertThat(call(VIEWER, PASSWORD, "POST", "/api/v1/users",
                "{\"name\":\"mallory\",\"password\":\"long-enough\",\"role\":\"admin\"}").status()).isEqualTo(403);
        assertThat(call(VIEWER, PASSWORD, "PUT", "/api/v1/users/" + VIEWER, "{\"role\":\"admin\"}").status())
                .isEqualTo(403);
        assertThat(viewer("DELETE", "/api/v1/users/" + ADMIN).status()).isEqualTo(403);
        assertThat(viewer("GET", "/api/v1/audit").status()).isEqualTo(403);
        assertThat(call(null, null, "GET", "/api/v1/users", null).status()).isEqualTo(401);
    }

    @Test
    void userChangesAreAuditedWithoutPasswordsAndFilteredOnTheAuditRoute() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        admin("POST", "/api/v1/users", "{\"name\":\"audited\",\"password\":\"audit-secret-1\",\"role\":\"viewer\"}");
        admin("PUT", "/api/v1/users/audited", "{\"password\":\"audit-secret-2\",\"role\":\"operator\"}");
        admin("DELETE", "/api/v1/users/audited", null);

        Reply rows = admin("GET", "/api/v1/audit?action=user.&from=" + q(before.toString()), null);
        assertThat(rows.status()).as(rows.text()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        for (JsonNode e : rows.body().path("entries")) {
            if (e.path("detail").path("user").asText().equals("audited")) {
                actions.add(e.path("action").asText());
                assertThat(e.path("user").asText()).isEqualTo(ADMIN);
                assertThat(e.path("remote").asText()).startsWith("127.0.0.1:");
            }
        }
        assertThat(actions).containsExactly("user.remove", "user.update", "user.add");
        assertThat(rows.text()).doesNotContain("audit-secret").contains("\"password\":\"changed\"");

        JsonNode update = rows.body().path("entries").get(1);
        assertThat(update.path("detail").path("role").asText()).isEqualTo("operator");
        assertThat(admin("GET", "/api/v1/audit?limit=1", null).body().path("entries")).hasSize(1);
        assertThat(admin("GET", "/api/v1/audit?user=" + VIEWER + "&action=user.", null).body().path("entries"))
                .isEmpty();
        assertThat(admin("GET", "/api/v1/audit?action=user.&to=" + q(before.toString()), null).body()
                .path("entries")).noneMatch(e -> e.path("detail").path("user").asText().equals("audited"));
        assertThat(admin("GET", "/api/v1/audit?limit=0", null).message())
                .isEqualTo("query parameter 'limit' must be an integer in 1..1000");
        assertThat(admin("GET", "/api/v1/audit?limit=1001", null).status()).isEqualTo(400);
        assertThat(admin("GET", "/api/v1/audit?from=yesterday", null).message())
                .startsWith("query parameter 'from' must be an ISO-8601 instant");
        assertThat(admin("GET", "/api/v1/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", null).status())
                .isEqualTo(400);
    }

    @Test
    void recordingsListSegmentsGapsAndSpanOfTheDemoCamera() throws Exception {
        TestNvr.await("a finished segment of " + DEMO, Duration.ofSeconds(60), () -> !server.index()
                .segments(DEMO, Instant.EPOCH, Instant.now().plusSeconds(3600)).isEmpty());
        Instant from = Instant.now().minusSeconds(3600);
        Instant to = Instant.now().plusSeconds(60);
        Reply reply = viewer("GET", "/api/v1/cameras/demo/recordings?from=" + q(from.toString()) + "&to="
                + q(to.toString()));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        SegmentRow row = server.index().segments(DEMO, from, to).get(0);
        JsonNode segment = reply.body().path("segments").get(0);
        assertThat(segment.path("id").asLong()).isEqualTo(row.id());
        assertThat(segment.path("start").asText()).isEqualTo(row.startUtc().toString());
        assertThat(segment.path("end").asText()).isEqualTo(row.endUtc().toString());
        assertThat(segment.path("frames").asLong()).isEqualTo(row.frames()).isPositive();
        assertThat(segment.path("bytes").asLong()).isEqualTo(row.bytes()).isPositive();
        assertThat(segment.path("endReason").asText()).isEqualTo(row.endReason().name());
        assertThat(segment.path("sha256").asText()).isEqualTo(row.sha256()).hasSize(64);
        assertThat(segment.path("clockSource").asText()).isEqualTo(row.clockSource().name());
        assertThat(segment.has("path")).as("file paths are not shown").isFalse();
        assertThat(reply.body().path("truncated").asBoolean(true)).isFalse();
        JsonNode span = reply.body().path("span");
        assertThat(span.path("segments").asLong()).isPositive();
        assertThat(span.path("first").asText()).isEqualTo(row.startUtc().toString());
        assertThat(admin("GET", "/api/v1/cameras/demo/recordings?stream=sub&from=" + q(from.toString()) + "&to="
                + q(to.toString()), null).body().path("segments")).isEmpty();
    }

    @Test
    void aGapAcrossSeveralIndexWindowsIsListedOnce() throws Exception {
        Instant start = Instant.parse("2020-03-01T00:00:00Z");
        server.index().addGap(DEMO, new Gap(start, start.plus(Duration.ofHours(20)), GapCause.NETWORK, "test gap"));
        Reply reply = viewer("GET", "/api/v1/cameras/demo/recordings?from=2020-02-29T00:00:00Z"
                + "&to=2020-03-03T00:00:00Z");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.body().path("segments")).isEmpty();
        assertThat(reply.body().path("gaps")).hasSize(1);
        JsonNode gap = reply.body().path("gaps").get(0);
        assertThat(gap.path("start").asText()).isEqualTo("2020-03-01T00:00:00Z");
        assertThat(gap.path("end").asText()).isEqualTo("2020-03-01T20:00:00Z");
        assertThat(gap.path("cause").asText()).isEqualTo("NETWORK");
        assertThat(gap.path("detail").asText()).isEqualTo("test gap");
    }

    @Test
    void recordingsQueriesAreBounded() throws Exception {
        assertThat(viewer("GET", "/api/v1/cameras/demo/recordings?to=2026-01-01T00:00:00Z").message())
                .isEqualTo("missing query parameter 'from'");
        assertThat(viewer("GET", "/api/v1/cameras/demo/recordings?from=2026-01-01T00:00:00Z"
                + "&to=2026-02-01T00:00:01Z").message()).contains("more than 31 days");
        assertThat(viewer("GET", "/api/v1/cameras/demo/recordings?from=2026-01-01T00:00:00Z"
                + "&to=2026-01-01T00:00:00Z").status()).isEqualTo(400);
        assertThat(viewer("GET", "/api/v1/cameras/demo/recordings?from=2026-01-01T00:00:00Z"
                + "&to=2026-01-02T00:00:00Z&stream=Main").message()).startsWith("query parameter 'stream'");
        Reply unknown = viewer("GET", "/api/v1/cameras/gate/recordings?from=2026-01-01T00:00:00Z"
                + "&to=2026-01-02T00:00:00Z");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("no camera 'gate'");
    }

    @Test
    void serverDescribesItself() throws Exception {
        Reply reply = viewer("GET", "/api/v1/server");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode body = reply.body();
        assertThat(body.path("version").asText()).isNotEmpty();
        assertThat(body.path("uptimeSeconds").asLong(-1)).isNotNegative();
        assertThat(Instant.parse(body.path("startedAt").asText())).isBefore(Instant.now());
        assertThat(body.path("dataDir").asText()).isEqualTo(data.toAbsolutePath().toString());
        assertThat(body.path("rtspPort").asInt()).isEqualTo(server.rtspPort());
        assertThat(body.path("adminPort").asInt()).isEqualTo(server.adminPort());
        assertThat(body.path("cameras").asInt()).isEqualTo(1);
        JsonNode storage = body.path("storage");
        assertThat(storage.path("recordedBytes").asLong()).isEqualTo(server.index().totalBytes());
        assertThat(storage.path("diskTotalBytes").asLong()).isPositive();
        assertThat(storage.path("diskFreeBytes").asLong()).isPositive()
                .isLessThanOrEqualTo(storage.path("diskTotalBytes").asLong());
    }

    @Test
    void readyzNeedsNoCredentialsAndCountsStreamingCameras() throws Exception {
        TestNvr.await("demo streaming", Duration.ofSeconds(20),
                () -> server.status(DEMO).map(s -> s.state() == IngestState.STREAMING).orElse(false));
        // A result is reused for a second: wait until one made while the demo streams comes back.
        TestNvr.await("readyz counting the demo camera", Duration.ofSeconds(10), () -> {
            try {
                return call(null, null, "GET", "/readyz", null).body().path("cameras").path("streaming").asInt() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Reply ready = call(null, null, "GET", "/readyz", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.text()).isEqualTo("{\"status\":\"ready\",\"database\":\"ok\",\"disk\":\"writable\","
                + "\"cameras\":{\"streaming\":1,\"total\":1}}");
        try (var files = Files.list(server.recordingsRoot())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".readyz"));
        }
    }

    @Test
    void onlyHealthzAndReadyzArePublic() {
        List<String> open = server.adminRoutes().stream().filter(Route::isPublic)
                .map(r -> r.method() + " " + r.pattern()).toList();
        assertThat(open).containsExactlyInAnyOrder("GET /healthz", "GET /readyz");
        assertThat(server.adminRoutes()).extracting(r -> r.method() + " " + r.pattern())
                .contains("GET /api/v1/users", "POST /api/v1/users", "PUT /api/v1/users/{name}",
                        "DELETE /api/v1/users/{name}", "GET /api/v1/audit", "GET /api/v1/cameras/{id}/recordings",
                        "GET /api/v1/server");
    }

    @Test
    void camerasOfTheConfigFileAreChangedThereOnly() throws Exception {
        Reply update = admin("PUT", "/api/v1/cameras/demo", "{\"transport\":\"udp\"}");
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.code()).isEqualTo("conflict");
        assertThat(update.message()).isEqualTo("camera 'demo' is configured in nvr.yaml; change it there");
        assertThat(viewer("GET", "/api/v1/cameras/demo").body().path("transport").asText()).isNotEqualTo("udp");
    }
}
