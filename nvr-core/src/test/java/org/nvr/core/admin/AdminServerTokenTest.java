package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.TokenDirectory;

class AdminServerTokenTest {
    private static final String QUERY = "?start=2026-11-24T10:15:00Z&end=2026-11-24T10:16:00Z";
    private static final String MP4 = "/api/v1/cameras/cam1/export.mp4" + QUERY;
    /** Shaped like a real token: "nvr_" and 43 base64url characters (32 random bytes). */
    private static final String OPERATOR_TOKEN = "nvr_" + "A".repeat(42) + "o";
    private static final String VIEWER_TOKEN = "nvr_" + "B".repeat(42) + "g";

    @TempDir
    Path dir;
    private final Tokens tokens = new Tokens();
    private AdminServerFixture fixture;

    /** Tokens in a map; {@code calls} counts lookups. */
    private static final class Tokens implements TokenDirectory {
        final Map<String, Principal> valid = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Optional<Principal> authenticateToken(String token) {
            calls.incrementAndGet();
            return Optional.ofNullable(valid.get(token));
        }
    }

    @BeforeEach
    void start() throws Exception {
        tokens.valid.put(OPERATOR_TOKEN, new Principal(AdminServerFixture.OPERATOR, Role.OPERATOR));
        tokens.valid.put(VIEWER_TOKEN, new Principal(AdminServerFixture.VIEWER, Role.VIEWER));
        fixture = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0).withFailedLoginLimit(3),
                Optional.of(tokens));
        fixture.exports.plan = TestExports.sample(dir).plan();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return fixture.sendText(HttpRequest.newBuilder(fixture.uri(path)).header("Authorization", authorization)
                .build());
    }

    @Test
    void aValidTokenActsAsItsUserWithItsRole() throws Exception {
        HttpResponse<String> export = get(MP4, "Bearer " + OPERATOR_TOKEN);
        assertThat(export.statusCode()).isEqualTo(200);
        List<AuditEntry> exports = fixture.audit.withAction("recording.export");
        assertThat(exports).hasSize(1);
        assertThat(exports.get(0).user()).isEqualTo(AdminServerFixture.OPERATOR);

        // RFC 9110 §11.1: the scheme is case-insensitive.
        assertThat(get("/metrics", "bearer " + VIEWER_TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> forbidden = get(MP4, "Bearer " + VIEWER_TOKEN);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(fixture.audit.withAction("auth.forbidden").get(0).user()).isEqualTo(AdminServerFixture.VIEWER);
        // Tokens never go through the password check.
        assertThat(fixture.users.authenticateCalls.get()).isZero();
    }

    @Test
    void aTokenRemovedFromTheDirectoryStopsWorkingAtOnce() throws Exception {
        assertThat(get("/metrics", "Bearer " + VIEWER_TOKEN).statusCode()).isEqualTo(200);
        tokens.valid.remove(VIEWER_TOKEN);

        HttpResponse<String> refused = get("/metrics", "Bearer " + VIEWER_TOKEN);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"NVR\", error=\"invalid_token\"");
    }

    @Test
    void anUnknownTokenIs401AndAuditedWithoutTheToken() throws Exception {
        String unknown = "nvr_" + "C".repeat(42) + "w";
        HttpResponse<String> response = get(MP4, "Bearer " + unknown);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"unauthenticated\"");
        List<AuditEntry> failures = fixture.audit.withAction("auth.failure");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).user()).isEqualTo("-");
        assertThat(failures.get(0).detail()).containsEntry("reason", "bad_token");
        assertThat(failures.get(0).toString()).doesNotContain(unknown);
        assertThat(fixture.exports.requests).isEmpty();
    }

    @Test
    void tokensOfAnotherShapeAreRefusedWithoutALookup() throws Exception {
        for (String token : List.of("abc.def.ghi", "nvr_" + "x".repeat(Authenticator.MAX_TOKEN_CHARS))) {
            assertThat(get("/metrics", "Bearer " + token).statusCode()).isEqualTo(401);
        }
        assertThat(tokens.calls.get()).isZero();
        assertThat(fixture.audit.withAction("auth.failure"))
                .allSatisfy(entry -> assertThat(entry.detail()).containsEntry("reason", "malformed_token"));
    }

    @Test
    void badTokensCountTowardsTheThrottle() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/metrics", "Bearer nvr_guess" + i).statusCode()).isEqualTo(401);
        }
        int lookups = tokens.calls.get();

        HttpResponse<String> right = get("/metrics", "Bearer " + VIEWER_TOKEN);

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(tokens.calls.get()).isEqualTo(lookups);
    }

    @Test
    void withoutATokenDirectoryEveryTokenIsRefused() throws Exception {
        fixture.close();
        fixture = new AdminServerFixture(AdminServerOptions.DEFAULTS.withPort(0));

        HttpResponse<String> response = get("/metrics", "Bearer " + VIEWER_TOKEN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fixture.audit.withAction("auth.failure").get(0).detail())
                .containsEntry("reason", "tokens_unsupported");
    }

    @Test
    void tokensCannotBeGivenAfterStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.server.useTokens(tokens))
                .isInstanceOf(IllegalStateException.class);
    }
}
