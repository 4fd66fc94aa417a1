package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.FakeAdminServer.Run;
import org.nvr.cli.api.TokenRoutes;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.core.admin.AdminServer;
import org.nvr.core.admin.AdminServerOptions;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.index.Database;
import org.nvr.storage.users.H2TokenStore;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;

/**
 * {@code nvr tokens} and {@code NVR_TOKEN} against a real admin endpoint with the token routes on an in-memory
 * index: the server side (docs/api.md, tokens) and the client side together.
 */
class TokensCommandTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Database db;
    private H2UserStore users;
    private H2AuditLog audit;
    private AdminServer server;
    private EventLoopGroup group;
    private ExecutorService blocking;
    private String url;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void start() {
        db = Database.inMemory("tokens-cli-" + DATABASES.incrementAndGet());
        users = new H2UserStore(db, new PasswordHasher(1000, new SecureRandom()), NvrClock.SYSTEM);
        users.addUser("alice", PASSWORD.toCharArray(), Role.ADMIN);
        users.addUser("olga", PASSWORD.toCharArray(), Role.OPERATOR);
        users.addUser("bob", PASSWORD.toCharArray(), Role.VIEWER);
        audit = new H2AuditLog(db);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        blocking = Executors.newFixedThreadPool(2);
        server = new AdminServer(AdminServerOptions.DEFAULTS.withPort(0), users, audit, request -> {
            throw new NvrException(NvrException.Kind.NOT_FOUND, "nothing recorded");
        }, () -> "", NvrClock.SYSTEM, new SimpleMeterRegistry(), group, blocking);
        TokenRoutes.install(server, new H2TokenStore(db, NvrClock.SYSTEM), audit, NvrClock.SYSTEM);
        url = "http://127.0.0.1:" + server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        blocking.shutdownNow();
        blocking.awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        db.close();
    }

    private ClientEnvironment as(String user) {
        return new ClientEnvironment(Map.of("NVR_SERVER", url, "NVR_USER", user, "NVR_PASSWORD", PASSWORD), null,
                dir.resolve("cli.yaml"));
    }

    private ClientEnvironment withToken(String token) {
        return new ClientEnvironment(Map.of("NVR_SERVER", url, "NVR_TOKEN", token), null, dir.resolve("cli.yaml"));
    }

    private String create(String user, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "create";
        System.arraycopy(args, 0, all, 1, args.length);
        Run run = FakeAdminServer.run(new TokensCommand(as(user)), all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().strip();
    }

    @Test
    void aCreatedTokenIsPrintedAloneAndWorksInsteadOfAPassword() throws Exception {
        Run created = FakeAdminServer.run(new TokensCommand(as("olga")), "create", "backup-script", "--days", "7");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("nvr_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("'backup-script'").contains("not shown again");

        // Without NVR_USER or NVR_PASSWORD: the token alone.
        Run list = FakeAdminServer.run(new TokensCommand(withToken(token)), "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("backup-script").contains("olga").contains("active")
                .doesNotContain(token);

        List<AuditEntry> creations = audit.recent(100).stream().filter(e -> e.action().equals("token.create"))
                .toList();
        assertThat(creations).hasSize(1);
        assertThat(creations.get(0).user()).isEqualTo("olga");
        assertThat(creations.get(0).detail()).containsEntry("name", "backup-script");
        assertThat(audit.recent(100).toString()).doesNotContain(token);
    }

    @Test
    void theApiAnswersAsDocumented() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens"))
                .header("Authorization", basic("bob"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"grafana\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = mapper.readTree(created.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("id", "name", "token", "expiresAt");
        assertThat(java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(
                body.get("expiresAt").asText())).toDays()).isBetween(89L, 90L);

        for (String bad : List.of("{\"name\":\"x\",\"expiresInDays\":0}", "{\"name\":\"x\",\"expiresInDays\":3651}",
                "{\"name\":\"has space\"}", "{}", "{\"name\":\"x\",\"user\":\"alice\"}")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens"))
                    .header("Authorization", basic("bob"))
                    .POST(HttpRequest.BodyPublishers.ofString(bad)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
        }
        HttpResponse<String> notAdmin = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens?all=true"))
                .header("Authorization", basic("bob")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens/abc"))
                .header("Authorization", basic("bob")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    void usersSeeAndRevokeTheirOwnAndAdminsAny() {
        String bobs = create("bob", "bobs-script");
        create("olga", "olgas-script");

        Run bobList = FakeAdminServer.run(new TokensCommand(as("bob")), "list", "--json");
        assertThat(bobList.out()).contains("bobs-script").doesNotContain("olgas-script");
        String olgasId = idOf(FakeAdminServer.run(new TokensCommand(as("olga")), "list", "--json").out());
        String bobsId = idOf(bobList.out());

        // Another user's token does not exist for bob; nor may he list everyone's.
        Run notHis = FakeAdminServer.run(new TokensCommand(as("bob")), "revoke", olgasId);
        assertThat(notHis.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(FakeAdminServer.run(new TokensCommand(as("bob")), "list", "--all").exitCode())
                .isEqualTo(ExitCodes.AUTH_FAILURE);

        Run all = FakeAdminServer.run(new TokensCommand(as("alice")), "list", "--all");
        assertThat(all.out()).contains("bobs-script").contains("olgas-script");
        assertThat(FakeAdminServer.run(new TokensCommand(as("alice")), "revoke", bobsId).exitCode()).isZero();

        Run refused = FakeAdminServer.run(new TokensCommand(withToken(bobs)), "list");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(audit.recent(100)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("token.revoke");
            assertThat(entry.user()).isEqualTo("alice");
            assertThat(entry.detail()).containsEntry("owner", "bob").containsEntry("id", bobsId);
        });
        assertThat(audit.recent(100)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("auth.failure");
            assertThat(entry.detail()).containsEntry("reason", "bad_token");
        });
        Run revokedList = FakeAdminServer.run(new TokensCommand(as("bob")), "list");
        assertThat(revokedList.out()).contains("revoked");
    }

    @Test
    void aDisabledUsersTokensStopWorking() {
        String token = create("olga", "cron");
        assertThat(FakeAdminServer.run(new TokensCommand(withToken(token)), "list").exitCode()).isZero();

        users.setDisabled("olga", true);

        assertThat(FakeAdminServer.run(new TokensCommand(withToken(token)), "list").exitCode())
                .isEqualTo(ExitCodes.AUTH_FAILURE);
    }

    @Test
    void badArgumentsAndTokensAreUsageErrorsWithoutARequest() {
        assertThat(FakeAdminServer.run(new TokensCommand(as("bob")), "create", "x", "--days", "0").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(FakeAdminServer.run(new TokensCommand(as("bob")), "revoke", "-1").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        Run badToken = FakeAdminServer.run(new TokensCommand(withToken("hunter2 secret")), "list");
        assertThat(badToken.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badToken.err()).contains("NVR_TOKEN").doesNotContain("hunter2");
        assertThat(audit.recent(100)).isEmpty();
    }

    private String idOf(String json) {
        try {
            return mapper.readTree(json).get("tokens").get(0).get("id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static String basic(String user) {
        return org.nvr.cli.client.Credentials.basicAuthorization(user, PASSWORD.toCharArray());
    }
}
