package org.nvr.core.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.netty.ConnectionLimits;

/**
 * Where the admin endpoint listens and its limits. Memory per connection is bounded by the request limits
 * (header section and body) plus one export part in flight.
 *
 * @param host                listen address. Default {@code 127.0.0.1} (to serve other hosts, turn {@code tls}
 *                            on or put a TLS reverse proxy in front: Basic credentials and tokens otherwise travel
 *                            in clear)
 * @param port                listen port, 0 for an ephemeral one. Default 8080
 * @param maxRequestBodyBytes a larger request body is refused with 413. Default 1 MiB
 * @param maxConnections      connections served at once; more are closed on accept. Default 64
 * @param failedLoginLimit    failed logins per client address per minute before it gets 429. Default 10
 * @param idleTimeout         a connection with no request and no progress writing is closed. Default 60 s
 * @param tls                 serve HTTPS with this key pair instead of HTTP. Default none
 * @param maxConnectionsPerAddress connections one client IP address may hold at once; more are closed on
 *                            accept. Default 16
 * @param requestTimeout      a request (with TLS, the handshake and the request) must arrive whole within this
 *                            long of its first byte, else 408 and the connection is closed (slowloris). The
 *                            response is not timed: a long export download is not cut. Default 10 s
 */
public record AdminServerOptions(String host, int port, int maxRequestBodyBytes, int maxConnections,
                                 int failedLoginLimit, Duration idleTimeout, Optional<AdminTls> tls,
                                 int maxConnectionsPerAddress, Duration requestTimeout) {

    /** Connections per client address by default. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;
    /** Request deadline by default. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The defaults listed above. */
    public static final AdminServerOptions DEFAULTS =
            new AdminServerOptions("127.0.0.1", 8080, 1 << 20, 64, 10, Duration.ofSeconds(60));

    public AdminServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("admin host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin port " + port + " is not in 0..65535");
        }
        if (maxRequestBodyBytes < 1024 || maxRequestBodyBytes > 64 << 20) {
            throw new IllegalArgumentException("maxRequestBodyBytes " + maxRequestBodyBytes
                    + " is not in 1 KiB..64 MiB");
        }
        if (maxConnections < 1 || maxConnections > 100_000) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " is not in 1..100000");
        }
        if (failedLoginLimit < 1 || failedLoginLimit > 10_000) {
            throw new IllegalArgumentException("failedLoginLimit " + failedLoginLimit + " is not in 1..10000");
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("idleTimeout " + idleTimeout + " is not within 1 s..1 h");
        }
        ConnectionLimits.check("admin", maxConnectionsPerAddress, requestTimeout);
    }

    /** With the default connections per address and request timeout. */
    public AdminServerOptions(String host, int port, int maxRequestBodyBytes, int maxConnections,
                              int failedLoginLimit, Duration idleTimeout, Optional<AdminTls> tls) {
        this(host, port, maxRequestBodyBytes, maxConnections, failedLoginLimit, idleTimeout, tls,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Plain HTTP (no TLS), as before TLS was an option. */
    public AdminServerOptions(String host, int port, int maxRequestBodyBytes, int maxConnections,
                              int failedLoginLimit, Duration idleTimeout) {
        this(host, port, maxRequestBodyBytes, maxConnections, failedLoginLimit, idleTimeout, Optional.empty(),
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_REQUEST_TIMEOUT);
    }

    /** A copy listening on {@code port}. */
    public AdminServerOptions withPort(int newPort) {
        return new AdminServerOptions(host, newPort, maxRequestBodyBytes, maxConnections, failedLoginLimit,
                idleTimeout, tls, maxConnectionsPerAddress, requestTimeout);
    }

    /** A copy with another failed-login limit. */
    public AdminServerOptions withFailedLoginLimit(int limit) {
        return new AdminServerOptions(host, port, maxRequestBodyBytes, maxConnections, limit, idleTimeout, tls,
                maxConnectionsPerAddress, requestTimeout);
    }

    /** A copy with another request body limit. */
    public AdminServerOptions withMaxRequestBodyBytes(int bytes) {
        return new AdminServerOptions(host, port, bytes, maxConnections, failedLoginLimit, idleTimeout, tls,
                maxConnectionsPerAddress, requestTimeout);
    }

    /** A copy serving HTTPS with {@code keyPair}, or plain HTTP when empty. */
    public AdminServerOptions withTls(Optional<AdminTls> keyPair) {
        return new AdminServerOptions(host, port, maxRequestBodyBytes, maxConnections, failedLoginLimit,
                idleTimeout, keyPair, maxConnectionsPerAddress, requestTimeout);
    }

    /** A copy with other bounds on connections (in all and per client address) and another request deadline. */
    public AdminServerOptions withConnectionLimits(int connections, int perAddress, Duration timeout) {
        return new AdminServerOptions(host, port, maxRequestBodyBytes, connections, failedLoginLimit, idleTimeout,
                tls, perAddress, timeout);
    }
}
