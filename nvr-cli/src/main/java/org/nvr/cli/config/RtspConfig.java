package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * The RTSP re-stream server that third-party VMS software pulls live and recorded video from: {@code rtsp:} in
 * nvr.yaml.
 *
 * @param bind           address to listen on (default 0.0.0.0: VMS software runs on other machines)
 * @param port           TCP port (default 8554; 0 picks a free one)
 * @param allowBasic     also accept HTTP Basic credentials (sent in clear text on plain RTSP); default false,
 *                       Digest only
 * @param sessionTimeout a session without requests or RTCP from its client for this long is torn down
 *                       (10s..10m, default 60s)
 */
public record RtspConfig(String bind, int port, boolean allowBasic, Duration sessionTimeout) {
    public static final RtspConfig DEFAULT = new RtspConfig("0.0.0.0", 8554, false, Duration.ofSeconds(60));

    public RtspConfig {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("'rtsp.bind' must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'rtsp.port' must be 0..65535, got " + port);
        }
        if (sessionTimeout.compareTo(Duration.ofSeconds(10)) < 0
                || sessionTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("'rtsp.sessionTimeout' must be between 10s and 10m");
        }
    }

    @JsonCreator
    static RtspConfig fromYaml(@JsonProperty("bind") String bind, @JsonProperty("port") Integer port,
                               @JsonProperty("allowBasic") Boolean allowBasic,
                               @JsonProperty("sessionTimeout") String sessionTimeout) {
        return new RtspConfig(bind == null ? DEFAULT.bind() : bind, port == null ? DEFAULT.port() : port,
                allowBasic != null && allowBasic,
                sessionTimeout == null ? DEFAULT.sessionTimeout()
                        : DurationText.parse("rtsp.sessionTimeout", sessionTimeout));
    }
}
