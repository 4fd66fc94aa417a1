package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.TransportMode;

/**
 * One camera from {@code cameras:} in nvr.yaml.
 *
 * @param id           short stable name used in paths, URLs and metrics: lower-case letters, digits, '-' and '_'
 * @param url          RTSP URL of the main stream, without credentials
 * @param username     camera user, or null
 * @param password     camera password, or null; never logged
 * @param transport    tcp (default), udp or auto (tcp, then udp on 461)
 * @param stallTimeout no video for this long ends the session and reconnects (default 10 s)
 * @param enabled      false keeps the camera configured but not connected
 * @param retention    this camera's own age limit (only shorter than the global one) and quota
 */
public record CameraConfig(String id, String url, String username, String password, TransportMode transport,
                           Duration stallTimeout, boolean enabled, CameraRetentionConfig retention) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public CameraConfig {
        Objects.requireNonNull(id, "'cameras[].id' is required");
        Objects.requireNonNull(url, "'cameras[].url' is required");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(retention, "retention");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'cameras[].id' must match " + ID.pattern() + ", got '" + id + "'");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("camera '" + id + "': 'username' and 'password' go together");
        }
        try {
            RtspClientConfig.of(url, username, password, transport);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camera '" + id + "': 'url' " + e.getMessage());
        }
        if (stallTimeout.toMillis() < 1000 || stallTimeout.toSeconds() > 600) {
            throw new IllegalArgumentException("camera '" + id + "': 'stallTimeout' must be between 1s and 10m");
        }
    }

    @JsonCreator
    static CameraConfig fromYaml(@JsonProperty(value = "id", required = true) String id,
                                 @JsonProperty(value = "url", required = true) String url,
                                 @JsonProperty("username") String username,
                                 @JsonProperty("password") String password,
                                 @JsonProperty("transport") String transport,
                                 @JsonProperty("stallTimeout") String stallTimeout,
                                 @JsonProperty("enabled") Boolean enabled,
                                 @JsonProperty("retention") CameraRetentionConfig retention) {
        TransportMode mode;
        try {
            mode = transport == null ? TransportMode.TCP : TransportMode.valueOf(transport.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'cameras[].transport' must be tcp, udp or auto, got '" + transport
                    + "'");
        }
        Duration stall = stallTimeout == null ? Duration.ofSeconds(10)
                : DurationText.parse("cameras[].stallTimeout", stallTimeout);
        return new CameraConfig(id, url, username, password, mode, stall, enabled == null || enabled,
                retention == null ? CameraRetentionConfig.NONE : retention);
    }

    @Override
    public String toString() {
        return "CameraConfig[id=" + id + ", url=" + url + ", user=" + (username == null ? "-" : username)
                + ", password=" + (password == null ? "-" : "***") + ", transport=" + transport + "]";
    }
}
