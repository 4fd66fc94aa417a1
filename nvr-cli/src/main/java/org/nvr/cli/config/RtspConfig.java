package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;
import org.nvr.core.rtsp.server.RtspServerOptions;

/**
 * The RTSP re-stream server that third-party VMS software pulls live and recorded video from: {@code rtsp:} in
 * nvr.yaml.
 *
 * @param bind                     address to listen on (default 0.0.0.0: VMS software runs on other machines)
 * @param port                     TCP port (default 8554; 0 picks a free one)
 * @param allowBasic               also accept HTTP Basic credentials (sent in clear text on plain RTSP); default
 *                                 false, Digest only
 * @param sessionTimeout           a session without requests or RTCP from its client for this long is torn down,
 *                                 and a connection without a session that sends nothing for this long is closed
 *                                 (10s..10m, default 60s)
 * @param maxConnectionsPerAddress connections one client IP address may hold at once; more are refused (1..10000,
 *                                 default 128: one VMS server pulling main and sub streams of 64 cameras)
 * @param requestTimeout           a request must arrive whole within this long of its first byte, else the
 *                                 connection is closed (slowloris; 1s..5m, default 10s)
 */
public record RtspConfig(String bind, int port, boolean allowBasic, Duration sessionTimeout,
                         int maxConnectionsPerAddress, Duration requestTimeout) {
    public static final RtspConfig DEFAULT = new RtspConfig("0.0.0.0", 8554, false, Duration.ofSeconds(60));

    public RtspConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
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
        ConnectionLimitKeys.check("rtsp", maxConnectionsPerAddress, requestTimeout);
    }

    /** With the default connections per address (128) and request timeout (10 s). */
    public RtspConfig(String bind, int port, boolean allowBasic, Duration sessionTimeout) {
        this(bind, port, allowBasic, sessionTimeout, RtspServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                RtspServerOptions.DEFAULT_REQUEST_TIMEOUT);
    }

    @JsonCreator
    static RtspConfig fromYaml(@JsonProperty("bind") String bind, @JsonProperty("port") Integer port,
                               @JsonProperty("allowBasic") Boolean allowBasic,
                               @JsonProperty("sessionTimeout") String sessionTimeout,
                               @JsonProperty("maxConnectionsPerAddress") Integer maxConnectionsPerAddress,
                               @JsonProperty("requestTimeout") String requestTimeout) {
        return new RtspConfig(bind == null ? DEFAULT.bind() : bind, port == null ? DEFAULT.port() : port,
                allowBasic != null && allowBasic,
                sessionTimeout == null ? DEFAULT.sessionTimeout()
                        : DurationText.parse("rtsp.sessionTimeout", sessionTimeout),
                maxConnectionsPerAddress == null ? DEFAULT.maxConnectionsPerAddress() : maxConnectionsPerAddress,
                requestTimeout == null ? DEFAULT.requestTimeout()
                        : DurationText.parse("rtsp.requestTimeout", requestTimeout));
    }
}
