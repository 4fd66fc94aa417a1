package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The admin HTTP endpoint ({@code /api/v1}, {@code /metrics}, {@code /healthz}) that {@code nvr} and scripts use:
 * {@code admin:} in nvr.yaml.
 *
 * @param bind address to listen on (default 127.0.0.1: reachable from the server itself only)
 * @param port TCP port (default 8080; 0 picks a free one)
 */
public record AdminConfig(String bind, int port) {
    public static final AdminConfig DEFAULT = new AdminConfig("127.0.0.1", 8080);

    public AdminConfig {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("'admin.bind' must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'admin.port' must be 0..65535, got " + port);
        }
    }

    @JsonCreator
    static AdminConfig fromYaml(@JsonProperty("bind") String bind, @JsonProperty("port") Integer port) {
        return new AdminConfig(bind == null ? DEFAULT.bind() : bind, port == null ? DEFAULT.port() : port);
    }
}
