package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.admin.AdminServerOptions;
import org.nvr.core.admin.AdminTls;

/**
 * The admin HTTP endpoint ({@code /api/v1}, {@code /metrics}, {@code /healthz}) that {@code nvr} and scripts use:
 * {@code admin:} in nvr.yaml.
 *
 * @param bind                     address to listen on (default 127.0.0.1: reachable from the server itself only)
 * @param port                     TCP port (default 8080; 0 picks a free one)
 * @param tls                      serve HTTPS with this PEM certificate and private key
 *                                 ({@code admin.tls.certificate}, {@code admin.tls.privateKey}; default none:
 *                                 plain HTTP)
 * @param maxConnectionsPerAddress connections one client IP address may hold at once; more are refused (1..10000,
 *                                 default 16)
 * @param requestTimeout           a request (with TLS, the handshake too) must arrive whole within this long of its
 *                                 first byte, else 408 and the connection is closed (slowloris; 1s..5m, default
 *                                 10s). Responses, such as a long export download, are not timed
 */
public record AdminConfig(String bind, int port, Optional<AdminTls> tls, int maxConnectionsPerAddress,
                          Duration requestTimeout) {
    public static final AdminConfig DEFAULT = new AdminConfig("127.0.0.1", 8080);

    public AdminConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("'admin.bind' must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'admin.port' must be 0..65535, got " + port);
        }
        ConnectionLimitKeys.check("admin", maxConnectionsPerAddress, requestTimeout);
    }

    /** With the default connections per address (16) and request timeout (10 s). */
    public AdminConfig(String bind, int port, Optional<AdminTls> tls) {
        this(bind, port, tls, AdminServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                AdminServerOptions.DEFAULT_REQUEST_TIMEOUT);
    }

    /** Plain HTTP on {@code bind:port}. */
    public AdminConfig(String bind, int port) {
        this(bind, port, Optional.empty());
    }

    @JsonCreator
    static AdminConfig fromYaml(@JsonProperty("bind") String bind, @JsonProperty("port") Integer port,
                                @JsonProperty("tls") AdminTlsYaml tls,
                                @JsonProperty("maxConnectionsPerAddress") Integer maxConnectionsPerAddress,
                                @JsonProperty("requestTimeout") String requestTimeout) {
        return new AdminConfig(bind == null ? DEFAULT.bind() : bind, port == null ? DEFAULT.port() : port,
                tls == null ? Optional.empty() : Optional.ofNullable(tls.tls()),
                maxConnectionsPerAddress == null ? DEFAULT.maxConnectionsPerAddress() : maxConnectionsPerAddress,
                requestTimeout == null ? DEFAULT.requestTimeout()
                        : DurationText.parse("admin.requestTimeout", requestTimeout));
    }
}
