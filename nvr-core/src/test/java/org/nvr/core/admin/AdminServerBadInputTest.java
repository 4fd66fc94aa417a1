package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerBadInputTest {
    private static final String QUERY = "?start=2026-11-24T10:15:00Z&end=2026-11-24T10:16:00Z";
    private static final String AUTH = "Authorization: "
            + AdminServerFixture.basic(AdminServerFixture.OPERATOR, AdminServerFixture.OPERATOR_PASSWORD) + "\r\n";

    @TempDir
    Path dir;
    private AdminServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withMaxRequestBodyBytes(1024));
        fixture.exports.plan = TestExports.sample(dir).plan();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private HttpResponse<String> export(String query) throws Exception {
        return fixture.sendText(fixture.asOperator("/api/v1/cameras/cam1/export.mp4" + query).build());
    }

    @Test
    void malformedTimesAreRefusedNamingTheParameter() throws Exception {
        HttpResponse<String> badStart = export("?start=yesterday&end=2026-11-24T10:16:00Z");
        assertThat(badStart.statusCode()).isEqualTo(400);
        assertThat(badStart.body()).startsWith("{\"error\":{\"code\":\"bad_request\",\"message\":\"query parameter"
                + " 'start' must be an ISO-8601 instant");

        // Month 13 in the RTSP clock form.
        HttpResponse<String> badClock = export("?start=20261324T101500Z&end=2026-11-24T10:16:00Z");
        assertThat(badClock.statusCode()).isEqualTo(400);
        assertThat(badClock.body()).contains("'start'");

        HttpResponse<String> missingEnd = export("?start=2026-11-24T10:15:00Z");
        assertThat(missingEnd.statusCode()).isEqualTo(400);
        assertThat(missingEnd.body()).contains("missing query parameter 'end'");

        HttpResponse<String> reversed = export("?start=2026-11-24T10:16:00Z&end=2026-11-24T10:15:00Z");
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("'end'");

        HttpResponse<String> twoDays = export("?start=2026-11-24T10:15:00Z&end=2026-11-26T10:15:00Z");
        assertThat(twoDays.statusCode()).isEqualTo(400);
        assertThat(twoDays.body()).contains("24 h");

        HttpResponse<String> repeated = export(QUERY + "&start=2026-11-24T10:15:30Z");
        assertThat(repeated.statusCode()).isEqualTo(400);
        assertThat(repeated.body()).contains("'start' is given 2 times");

        HttpResponse<String> badStream = export(QUERY + "&stream=..");
        assertThat(badStream.statusCode()).isEqualTo(400);
        assertThat(badStream.body()).contains("'stream'");

        assertThat(fixture.exports.requests).isEmpty();
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> unknown = fixture.sendText(fixture.asOperator("/api/v1/nothing").build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"no such resource\"}}");

        HttpResponse<String> post = fixture.sendText(fixture.asOperator("/api/v1/cameras/cam1/export.mp4" + QUERY)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(post.body()).contains("\"code\":\"method_not_allowed\"");
    }

    @Test
    void oversizedBodyIs413AndTheConnectionCloses() throws Exception {
        try (RawHttp raw = new RawHttp(fixture.port)) {
            raw.send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n");
            raw.sendBytes(new byte[4096]);
            RawHttp.Response response = raw.read(false);
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.bodyText()).contains("\"code\":\"payload_too_large\"");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void pathTricksNeverReachTheService() throws Exception {
        List<String> paths = List.of(
                "/api/v1/cameras/..%2F..%2Fetc/export.mp4",
                "/api/v1/cameras/%2e%2e/export.mp4",
                "/api/v1/cameras/%2E%2E/export.mp4",
                "/api/v1/cameras/../export.mp4",
                "/api/v1/cameras/cam1%2Fmain/export.mp4",
                "/api/v1/cameras/CAM1/export.mp4",
                "/api/v1/cameras/cam%00/export.mp4",
                "/api/v1/cameras/cam%zz/export.mp4",
                "/api/v1/cameras/%C3%28/export.mp4",
                "/api/v1/cameras/-cam/export.mp4");
        for (String path : paths) {
            try (RawHttp raw = new RawHttp(fixture.port)) {
                RawHttp.Response response = raw.exchange("GET " + path + QUERY + " HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + "\r\n");
                assertThat(response.status()).as(path).isIn(400, 404);
                assertThat(response.bodyText()).as(path).contains("\"error\":{\"code\":\"");
            }
        }
        assertThat(fixture.exports.requests).isEmpty();
    }

    @Test
    void garbageRequestLineIs400AndCloses() throws Exception {
        try (RawHttp raw = new RawHttp(fixture.port)) {
            RawHttp.Response response = raw.exchange("\u0001\u0002 garbage\r\n\r\n");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).contains("\"code\":\"bad_request\"");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(fixture.port)) {
            RawHttp.Response response = raw.exchange("GET /healthz\r\n\r\n");
            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Test
    void overlongRequestLineAndHeadersAreRefused() throws Exception {
        try (RawHttp raw = new RawHttp(fixture.port)) {
            RawHttp.Response response = raw.exchange("GET /healthz?x=" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n");
            assertThat(response.status()).isEqualTo(414);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(fixture.port)) {
            RawHttp.Response response = raw.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "b".repeat(20_000) + "\r\n\r\n");
            assertThat(response.status()).isEqualTo(431);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void keepAliveServesPipelinedRequestsInOrderAndConnectionCloseIsHonoured() throws Exception {
        try (RawHttp raw = new RawHttp(fixture.port)) {
            raw.send("GET /metrics HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
                    + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response first = raw.read(false);
            RawHttp.Response second = raw.read(false);
            RawHttp.Response third = raw.read(false);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.bodyText()).isEqualTo(AdminServerFixture.SCRAPE);
            assertThat(second.status()).isEqualTo(404);
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.header("Connection")).isEqualTo("close");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void absoluteFormRequestTargetsAreRouted() throws Exception {
        try (RawHttp raw = new RawHttp(fixture.port)) {
            RawHttp.Response response = raw.exchange("GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
        }
    }
}
