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
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.export.ExportService;
import org.nvr.core.netty.OpenConnections;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded admin HTTP endpoint: {@code /healthz}, {@code /metrics} and the export routes, plus whatever
 * routes are {@linkplain #register registered} before {@link #start()}. Every route but {@code /healthz} needs
 * HTTP Basic credentials of a user with the route's role.
 *
 * <p>Each connection: {@code IdleStateHandler} (closes a connection with no traffic for {@code idleTimeout}) →
 * {@code HttpServerCodec} (8 KiB request line, 16 KiB header section) → aggregator (body at most {@code
 * maxRequestBodyBytes}, else 413) → {@link AdminHttpHandler} (one request at a time, reading paused meanwhile).
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
    private final Authenticator authenticator;
    private final Executor blockingExecutor;
    private final List<Route> routes = new ArrayList<>();
    private final ResponseWriter writer = new ResponseWriter();
    private final OpenConnections connections;
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
        this.connections = new OpenConnections("admin endpoint", options.maxConnections(), LOG);
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(exports, "exports");
        Objects.requireNonNull(prometheusScrape, "prometheusScrape");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(registry, "registry");
        this.group = Objects.requireNonNull(group, "group");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.metrics = new AdminMetrics(registry);
        this.credentials = new CredentialCache(CREDENTIAL_TTL, MAX_CACHED_CREDENTIALS, clock);
        this.authenticator = new Authenticator(users, audit, credentials,
                new LoginThrottle(options.failedLoginLimit(), FAILED_LOGIN_WINDOW, MAX_THROTTLED_ADDRESSES, clock),
                json, metrics, clock);
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
     * Binds and starts serving.
     *
     * @return the bound port (the ephemeral one when the options' port is 0)
     */
    public synchronized int start() {
        if (router != null || closed) {
            throw new IllegalStateException("admin server already started or closed");
        }
        Router table = new Router(routes);
        AdminDispatcher dispatcher = new AdminDispatcher(table, authenticator, json, errors, metrics,
                blockingExecutor);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initConnection(channel, dispatcher);
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
        LOG.info("admin HTTP endpoint listening on {}:{} ({} routes)", options.host(), port, routes.size());
        return port;
    }

    private void initConnection(SocketChannel channel, AdminDispatcher dispatcher) {
        if (!connections.admit(channel)) {
            return;
        }
        long idleMillis = options.idleTimeout().toMillis();
        ChannelPipeline pipeline = channel.pipeline();
        // observeOutput: a slow client still draining a large export is making progress, not idle.
        pipeline.addLast("idle", new IdleStateHandler(true, 0, 0, idleMillis, TimeUnit.MILLISECONDS));
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        pipeline.addLast("aggregate", new JsonHttpObjectAggregator(options.maxRequestBodyBytes(), json, metrics));
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
