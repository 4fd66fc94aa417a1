package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.audit.AuditEntry;

class AdminServerAuthTest {
    /** The only routes anyone may call without credentials. Adding to this list is a security decision. */
    private static final List<String> PUBLIC_ROUTES = List.of("GET /healthz");
    private static final String QUERY = "?start=2026-11-24T10:15:00Z&end=2026-11-24T10:16:00Z";
    private static final String MP4 = "/api/v1/cameras/cam1/export.mp4" + QUERY;

    @TempDir
    Path dir;
    private AdminServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withFailedLoginLimit(3));
        fixture.exports.plan = TestExports.sample(dir).plan();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void everyRouteButTheExplicitPublicOnesDemandsCredentials() throws Exception {
        List<String> publicRoutes = fixture.server.routes().stream().filter(Route::isPublic)
                .map(route -> route.method() + " " + route.pattern()).collect(Collectors.toList());
        assertThat(publicRoutes).containsExactlyElementsOf(PUBLIC_ROUTES);

        for (Route route : fixture.server.routes()) {
            if (route.isPublic()) {
                continue;
            }
            String path = route.pattern().toString().replaceAll("\\{[a-zA-Z0-9]+}", "cam1") + QUERY;
            HttpRequest request = HttpRequest.newBuilder(fixture.uri(path))
                    .method(route.method().name(), HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = fixture.sendText(request);
            assertThat(response.statusCode()).as(route.toString()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(route.toString())
                    .hasValue("Basic realm=\"NVR\", charset=\"UTF-8\"");
            assertThat(response.body()).as(route.toString()).contains("\"code\":\"unauthenticated\"");
        }
        assertThat(fixture.exports.requests).isEmpty();
    }

    @Test
    void wrongPasswordIs401AndAudited() throws Exception {
        HttpResponse<String> response = fixture.sendText(HttpRequest.newBuilder(fixture.uri(MP4))
                .header("Authorization", AdminServerFixture.basic(AdminServerFixture.OPERATOR, "guess")).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        List<AuditEntry> failures = fixture.audit.withAction("auth.failure");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).user()).isEqualTo(AdminServerFixture.OPERATOR);
        assertThat(failures.get(0).remote()).startsWith("127.0.0.1:");
        assertThat(failures.get(0).detail()).containsEntry("route", "GET /api/v1/cameras/{id}/export.mp4")
                .containsEntry("reason", "bad_credentials");
        assertThat(failures.get(0).detail().toString()).doesNotContain("guess");
        assertThat(fixture.registry.get("nvr.admin.auth.failures").counter().count()).isEqualTo(1);
        assertThat(fixture.exports.requests).isEmpty();
    }

    @Test
    void longUserNamesAreTruncatedInTheAuditRow() throws Exception {
        String name = "x".repeat(200);
        fixture.sendText(HttpRequest.newBuilder(fixture.uri("/metrics"))
                .header("Authorization", AdminServerFixture.basic(name, "pw")).build());

        assertThat(fixture.audit.withAction("auth.failure").get(0).user()).isEqualTo("x".repeat(64));
    }

    @Test
    void malformedAuthorizationIs401AndAudited() throws Exception {
        for (String header : List.of("Basic !!!not-base64!!!", "Digest username=\"olga\"",
                "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()))) {
            HttpResponse<String> response = fixture.sendText(HttpRequest.newBuilder(fixture.uri("/metrics"))
                    .header("Authorization", header).build());
            assertThat(response.statusCode()).as(header).isEqualTo(401);
        }
        assertThat(fixture.audit.withAction("auth.failure")).hasSize(3)
                .allSatisfy(entry -> assertThat(entry.detail()).containsEntry("reason", "malformed"));
    }

    @Test
    void viewerMayScrapeMetricsButNotExport() throws Exception {
        String viewer = AdminServerFixture.basic(AdminServerFixture.VIEWER, AdminServerFixture.VIEWER_PASSWORD);
        HttpResponse<String> metrics = fixture.sendText(HttpRequest.newBuilder(fixture.uri("/metrics"))
                .header("Authorization", viewer).build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).isEqualTo(AdminServerFixture.SCRAPE);

        HttpResponse<String> export = fixture.sendText(HttpRequest.newBuilder(fixture.uri(MP4))
                .header("Authorization", viewer).build());
        assertThat(export.statusCode()).isEqualTo(403);
        assertThat(export.body()).contains("\"code\":\"forbidden\"");
        assertThat(fixture.exports.requests).isEmpty();
        assertThat(fixture.audit.withAction("auth.forbidden")).hasSize(1);
    }

    @Test
    void anAddressIsThrottledAfterTheLimitWithoutCheckingPasswords() throws Exception {
        HttpRequest wrong = HttpRequest.newBuilder(fixture.uri("/metrics"))
                .header("Authorization", AdminServerFixture.basic(AdminServerFixture.VIEWER, "nope")).build();
        for (int i = 0; i < 3; i++) {
            assertThat(fixture.sendText(wrong).statusCode()).isEqualTo(401);
        }
        int checks = fixture.users.authenticateCalls.get();

        HttpResponse<String> right = fixture.sendText(HttpRequest.newBuilder(fixture.uri("/metrics"))
                .header("Authorization", AdminServerFixture.basic(AdminServerFixture.VIEWER,
                        AdminServerFixture.VIEWER_PASSWORD)).build());

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.body()).contains("\"code\":\"too_many_requests\"");
        assertThat(Integer.parseInt(right.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(fixture.users.authenticateCalls.get()).isEqualTo(checks);
        // Public routes are not throttled.
        assertThat(fixture.sendText(HttpRequest.newBuilder(fixture.uri("/healthz")).build()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void cacheSparesTheHashButNeverAcceptsAWrongPassword() throws Exception {
        HttpRequest right = fixture.asOperator("/metrics").build();
        assertThat(fixture.sendText(right).statusCode()).isEqualTo(200);
        assertThat(fixture.sendText(right).statusCode()).isEqualTo(200);
        assertThat(fixture.users.authenticateCalls.get()).isEqualTo(1);

        HttpResponse<String> wrong = fixture.sendText(HttpRequest.newBuilder(fixture.uri("/metrics"))
                .header("Authorization", AdminServerFixture.basic(AdminServerFixture.OPERATOR,
                        AdminServerFixture.OPERATOR_PASSWORD + "x")).build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(fixture.users.authenticateCalls.get()).isEqualTo(2);
    }

    @Test
    void requestsAreCountedByRouteAndStatus() throws Exception {
        fixture.sendText(HttpRequest.newBuilder(fixture.uri("/healthz")).build());
        fixture.sendText(HttpRequest.newBuilder(fixture.uri("/metrics")).build());
        fixture.sendText(HttpRequest.newBuilder(fixture.uri("/nothing-here")).build());

        assertThat(fixture.registry.get("nvr.admin.requests").tags("route", "/healthz", "status", "200").counter()
                .count()).isEqualTo(1);
        assertThat(fixture.registry.get("nvr.admin.requests").tags("route", "/metrics", "status", "401").counter()
                .count()).isEqualTo(1);
        assertThat(fixture.registry.get("nvr.admin.requests").tags("route", "unmatched", "status", "404").counter()
                .count()).isEqualTo(1);
    }
}
