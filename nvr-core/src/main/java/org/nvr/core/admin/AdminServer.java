package org.nvr.core.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.TokenDirectory;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.export.ExportService;
import org.nvr.core.netty.OpenConnections;
import org.nvr.core.netty.RequestDeadlineHandler;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded admin HTTP endpoint: {@code /healthz}, {@code /metrics} and the export routes, plus whatever
 * routes are {@linkplain #register registered} before {@link #start()}. Every route but {@code /healthz} needs
 * HTTP Basic credentials of a user with the route's role, or an API token of such a user when a {@link
 * TokenDirectory} was {@linkplain #useTokens given}.
 *
 * <p>Each connection: {@link RequestDeadlineHandler} (a request, TLS handshake included, must arrive whole within
 * {@code requestTimeout} of its first byte, else 408 and close: slowloris) → {@code IdleStateHandler} (closes a
 * connection with no traffic for {@code idleTimeout}) →
 * with TLS on, {@code SslHandler} ({@link AdminTlsContext}) → {@code HttpServerCodec} (8 KiB request line, 16 KiB
 * header section) → with TLS on, {@code ChunkedWriteHandler} (export file parts read in chunks, see {@link
 * ResponseWriter}) → aggregator (body at most {@code maxRequestBodyBytes}, else 413) → the deadline's completion
 * marker (a whole request came out) → {@link AdminHttpHandler}
 * (one request at a time, reading paused meanwhile).
 * Authentication and handlers run on {@code blockingExecutor}; responses are written on the
 * connection's event loop.
 *
 * <p>The event loop group must be an NIO one; the caller owns it and the executor, and shuts them down.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** HttpServerCodec limits: request line, whole header section, and chunk size handed on. */
    static final int MAX_INITIAL_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_CHUNK_BYTES = 8 * 1024;
    /** Verified logins trusted this long, and how many are remembered. */
    private static final Duration CREDENTIAL_TTL = Duration.ofSeconds(60);
    private static final int MAX_CACHED_CREDENTIALS = 256;
    /** Failed logins are counted per address over this window; this many addresses are tracked. */
    private static final Duration FAILED_LOGIN_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_THROTTLED_ADDRESSES = 10_000;

    private final AdminServerOptions options;
    private final EventLoopGroup group;
    private final AdminJson json = new AdminJson();
    private final ApiErrors errors = new ApiErrors(json);
    private final AdminMetrics metrics;
    private final CredentialCache credentials;
    private final UserDirectory users;
    private final AuditLog audit;
    private final NvrClock clock;
    private final Executor blockingExecutor;
    private final List<Route> routes = new ArrayList<>();
    private final OpenConnections connections;
    private Optional<TokenDirectory> tokens = Optional.empty();
    private volatile Router router;
    private volatile Channel serverChannel;
    private boolean closed;

    /**
     * @param options          where to listen, and limits
     * @param users            checks passwords (slow: called on {@code blockingExecutor})
     * @param audit            takes a row for every export and every failed login
     * @param exports          plans MP4 exports
     * @param prometheusScrape the Prometheus text served at {@code /metrics}
     * @param clock            audit row times, credential cache and login throttle windows
     * @param registry         where the endpoint's own meters go
     * @param group            an NIO event loop group, owned by the caller
     * @param blockingExecutor runs authentication and route handlers (they hit the database and files); bound it
     *                         (a full executor that rejects gets 503)
     */
    public AdminServer(AdminServerOptions options, UserDirectory users, AuditLog audit, ExportService exports,
                       Supplier<String> prometheusScrape, NvrClock clock, MeterRegistry registry,
                       EventLoopGroup group, Executor blockingExecutor) {
        this.options = Objects.requireNonNull(options, "options");
        this.users = Objects.requireNonNull(users, "users");
        this.audit = Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(exports, "exports");
        Objects.requireNonNull(prometheusScrape, "prometheusScrape");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        this.group = Objects.requireNonNull(group, "group");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.metrics = new AdminMetrics(registry);
        this.connections = new OpenConnections("admin endpoint", options.maxConnections(),
                options.maxConnectionsPerAddress(), LOG, clock, metrics::connectionRefused);
        this.credentials = new CredentialCache(CREDENTIAL_TTL, MAX_CACHED_CREDENTIALS, clock);
        routes.addAll(new StatusRoutes(prometheusScrape).routes());
        routes.addAll(new ExportRoutes(exports, audit, json, metrics, errors, clock).routes());
    }

    /**
     * Adds a route (cameras, users, audit ...). Only before {@link #start()}.
     *
     * @throws IllegalStateException after start
     * @throws IllegalArgumentException if a route with the same method and pattern exists
     */
    public synchronized AdminServer register(Route route) {
        Objects.requireNonNull(route, "route");
        if (router != null || closed) {
            throw new IllegalStateException("routes are registered before the admin server starts");
        }
        new Router(concat(routes, route));
        routes.add(route);
        return this;
    }

    /**
     * Accepts {@code Authorization: Bearer nvr_...} API tokens checked by {@code directory}. Only before {@link
     * #start()}; without it every bearer token is refused (401, audited as a failed login).
     *
     * @throws IllegalStateException after start
     */
    public synchronized AdminServer useTokens(TokenDirectory directory) {
        Objects.requireNonNull(directory, "directory");
        if (router != null || closed) {
            throw new IllegalStateException("the token directory is set before the admin server starts");
        }
        tokens = Optional.of(directory);
        return this;
    }

    /** The JSON writer the endpoint uses, for handlers registered from outside (same bytes, same errors). */
    public AdminJson json() {
        return json;
    }

    /**
     * Forgets the credentials verified in the last minute, so that a changed password, role or disabled flag, or a
     * removed user, takes effect at the next request rather than when the cache entry expires.
     */
    public void forgetCredentials() {
        credentials.clear();
    }

    /** Every route, in registration order. */
    public synchronized List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * Binds and starts serving (HTTPS when the options have TLS).
     *
     * @return the bound port (the ephemeral one when the options' port is 0)
     * @throws IllegalStateException if already started, the port cannot be bound, or the TLS files cannot be used
     *                               (the message names the {@code admin.tls} key at fault)
     */
    public synchronized int start() {
        if (router != null || closed) {
            throw new IllegalStateException("admin server already started or closed");
        }
        Optional<SslContext> tls = options.tls().map(AdminTlsContext::load);
        Router table = new Router(routes);
        Authenticator authenticator = new Authenticator(users, tokens, audit, credentials,
                new LoginThrottle(options.failedLoginLimit(), FAILED_LOGIN_WINDOW, MAX_THROTTLED_ADDRESSES, clock),
                json, metrics, clock);
        AdminDispatcher dispatcher = new AdminDispatcher(table, authenticator, json, errors, metrics,
                blockingExecutor);
        ResponseWriter writer = new ResponseWriter(tls.isEmpty());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initConnection(channel, dispatcher, writer, tls);
                    }
                });
        InetSocketAddress bind = new InetSocketAddress(options.host(), options.port());
        try {
            serverChannel = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException("admin server cannot bind " + bind, e);
        }
        router = table;
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("admin {} endpoint listening on {}:{} ({} routes{})", tls.isPresent() ? "HTTPS" : "HTTP",
                options.host(), port, routes.size(), tokens.isPresent() ? ", API tokens accepted" : "");
        return port;
    }

    private void initConnection(SocketChannel channel, AdminDispatcher dispatcher, ResponseWriter writer,
                                Optional<SslContext> tls) {
        if (!connections.admit(channel)) {
            return;
        }
        long idleMillis = options.idleTimeout().toMillis();
        ChannelPipeline pipeline = channel.pipeline();
        // First, so that it sees raw bytes: a TLS handshake trickled byte by byte is bounded too. HttpServerCodec
        // cannot tell whether it holds part of a next request, so that one is timed from its next read.
        RequestDeadlineHandler deadline = new RequestDeadlineHandler(options.requestTimeout(), () -> false);
        pipeline.addLast("deadline", deadline);
        // observeOutput: a slow client still draining a large export is making progress, not idle.
        pipeline.addLast("idle", new IdleStateHandler(true, 0, 0, idleMillis, TimeUnit.MILLISECONDS));
        tls.ifPresent(context -> pipeline.addLast("tls", context.newHandler(channel.alloc())));
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        if (tls.isPresent()) {
            pipeline.addLast("chunked", new ChunkedWriteHandler());
        }
        pipeline.addLast("aggregate", new JsonHttpObjectAggregator(options.maxRequestBodyBytes(), json, metrics));
        pipeline.addLast("request-complete", deadline.completion());
        pipeline.addLast("admin", new AdminHttpHandler(dispatcher, writer, json, errors, metrics));
    }

    /** Stops listening, closes every connection and removes the endpoint's meters. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.closeAll();
        metrics.close();
    }

    private static List<Route> concat(List<Route> existing, Route more) {
        List<Route> all = new ArrayList<>(existing);
        all.add(more);
        return all;
    }
}
