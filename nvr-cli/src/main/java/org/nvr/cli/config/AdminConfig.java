package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.admin.AdminTls;

/**
 * The admin HTTP endpoint ({@code /api/v1}, {@code /metrics}, {@code /healthz}) that {@code nvr} and scripts use:
 * {@code admin:} in nvr.yaml.
 *
 * @param bind address to listen on (default 127.0.0.1: reachable from the server itself only)
 * @param port TCP port (default 8080; 0 picks a free one)
 * @param tls  serve HTTPS with this PEM certificate and private key ({@code admin.tls.certificate},
 *             {@code admin.tls.privateKey}; default none: plain HTTP)
 */
public record AdminConfig(String bind, int port, Optional<AdminTls> tls) {
    public static final AdminConfig DEFAULT = new AdminConfig("127.0.0.1", 8080);

    public AdminConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(tls, "tls");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("'admin.bind' must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'admin.port' must be 0..65535, got " + port);
        }
    }

    /** Plain HTTP on {@code bind:port}. */
    public AdminConfig(String bind, int port) {
        this(bind, port, Optional.empty());
    }

    @JsonCreator
    static AdminConfig fromYaml(@JsonProperty("bind") String bind, @JsonProperty("port") Integer port,
                                @JsonProperty("tls") AdminTlsYaml tls) {
        return new AdminConfig(bind == null ? DEFAULT.bind() : bind, port == null ? DEFAULT.port() : port,
                tls == null ? Optional.empty() : Optional.ofNullable(tls.tls()));
    }
}
