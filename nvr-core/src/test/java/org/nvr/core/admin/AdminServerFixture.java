package org.nvr.core.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.TokenDirectory;
import org.nvr.core.time.NvrClock;

/** An admin server on an ephemeral loopback port with in-memory users, audit log and export service. */
final class AdminServerFixture implements AutoCloseable {
    static final String OPERATOR = "olga";
    static final String OPERATOR_PASSWORD = "correct horse battery staple";
    static final String VIEWER = "victor";
    static final String VIEWER_PASSWORD = "viewer-pass";
    static final String SCRAPE = "# TYPE nvr_up gauge\nnvr_up 1\n";

    final InMemoryUserDirectory users = new InMemoryUserDirectory()
            .add(OPERATOR, OPERATOR_PASSWORD, Role.OPERATOR)
            .add(VIEWER, VIEWER_PASSWORD, Role.VIEWER);
    final ListAuditLog audit = new ListAuditLog();
    final FakeExportService exports = new FakeExportService();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final ExecutorService blocking = Executors.newFixedThreadPool(4);
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AdminServer server;
    final int port;

    AdminServerFixture() {
        this(AdminServerOptions.DEFAULTS.withPort(0));
    }

    AdminServerFixture(AdminServerOptions options) {
        this(options, Optional.empty());
    }

    /** With {@code tokens} given to the server before it starts. */
    AdminServerFixture(AdminServerOptions options, Optional<TokenDirectory> tokens) {
        server = new AdminServer(options, users, audit, exports, () -> SCRAPE, NvrClock.SYSTEM, registry, group,
                blocking);
        tokens.ifPresent(server::useTokens);
        port = server.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The same, over TLS. */
    URI httpsUri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + port + pathAndQuery);
    }

    static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder asOperator(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(OPERATOR, OPERATOR_PASSWORD));
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> sendText(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        blocking.shutdownNow();
        blocking.awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
