package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The built-in demo camera (a test source, not a real camera): {@code demo:} in nvr.yaml.
 *
 * @param enabled serve the demo stream and record it as camera {@code demo}
 * @param port    TCP port of its RTSP server on 127.0.0.1 (0 picks a free one)
 */
public record DemoConfig(boolean enabled, int port) {
    public static final DemoConfig DEFAULT = new DemoConfig(true, 0);

    public DemoConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'demo.port' must be 0..65535, got " + port);
        }
    }

    @JsonCreator
    static DemoConfig fromYaml(@JsonProperty("enabled") Boolean enabled, @JsonProperty("port") Integer port) {
        return new DemoConfig(enabled == null || enabled, port == null ? 0 : port);
    }
}
