package org.nvr.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.onvif.discovery.DeviceUrl;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;

/**
 * A validated {@code POST /api/v1/cameras} body (docs/api.md, Cameras): by RTSP URL
 * ({@code {"id","url","username","password","transport"}}) or by ONVIF address
 * ({@code {"id","onvif":{"url","username","password"},"transport"}}).
 *
 * @param id        the new camera's id
 * @param rtspUrl   the main stream's URL, for a camera added by URL
 * @param onvifUrl  the device service address, for a camera added by ONVIF
 * @param username  the camera's user (RTSP and ONVIF alike)
 * @param password  its password; never logged ({@link #toString()} hides it)
 * @param transport RTSP transport, tcp by default
 */
record AddCameraRequest(String id, Optional<String> rtspUrl, Optional<URI> onvifUrl, Optional<String> username,
                        Optional<String> password, TransportMode transport) {
    private static final Set<String> FIELDS = Set.of("id", "url", "username", "password", "transport", "onvif");
    private static final Set<String> ONVIF_FIELDS = Set.of("url", "username", "password");
    private static final int MAX_URL_CHARS = StoredStream.MAX_URL_CHARS;

    AddCameraRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rtspUrl, "rtspUrl");
        Objects.requireNonNull(onvifUrl, "onvifUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(transport, "transport");
        if (rtspUrl.isPresent() == onvifUrl.isPresent()) {
            throw new IllegalArgumentException("give one of 'url' and 'onvif'");
        }
    }

    /** Parses and validates the body; {@link IllegalArgumentException} naming the field otherwise. */
    static AddCameraRequest parse(ObjectMapper mapper, byte[] body) {
        JsonBody json = JsonBody.parse(mapper, body).allowOnly(FIELDS);
        String id = json.requiredString("id", 64);
        if (!StoredCamera.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'id': must match " + StoredCamera.ID.pattern());
        }
        TransportMode transport = json.string("transport", 8).map(AddCameraRequest::transport)
                .orElse(TransportMode.TCP);
        Optional<JsonBody> onvif = json.object("onvif");
        if (onvif.isPresent() == json.has("url")) {
            throw new IllegalArgumentException(onvif.isPresent() ? "'url': not with 'onvif' (the camera's profiles"
                    + " give the stream URLs)" : "'url': required (or 'onvif')");
        }
        if (onvif.isPresent()) {
            for (String field : new String[] {"username", "password"}) {
                if (json.has(field)) {
                    throw new IllegalArgumentException("'" + field + "': goes in 'onvif' for an ONVIF camera");
                }
            }
            JsonBody o = onvif.get().allowOnly(ONVIF_FIELDS);
            URI device = deviceUrl(o.requiredString("url", MAX_URL_CHARS), o.path("url"));
            return new AddCameraRequest(id, Optional.empty(), Optional.of(device), user(o), password(o), transport);
        }
        String url = checkRtspUrl(json.requiredString("url", MAX_URL_CHARS), transport);
        return new AddCameraRequest(id, Optional.of(url), Optional.empty(), user(json), password(json), transport);
    }

    /** {@code url} if the RTSP client and the store take it, else a refusal naming the field. */
    static String checkRtspUrl(String url, TransportMode transport) {
        try {
            RtspClientConfig.of(url, null, null, transport);
            new StoredStream("main", url, Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'url': must be rtsp://host[:port]/path without credentials (give"
                    + " 'username' and 'password' apart)");
        }
        return url;
    }

    static Optional<String> user(JsonBody json) {
        Optional<String> user = json.string("username", StoredCamera.MAX_CREDENTIAL_CHARS);
        if (user.isPresent() != json.has("password")) {
            throw new IllegalArgumentException(user.isPresent() ? "'" + json.path("password")
                    + "': required with 'username'" : "'" + json.path("username") + "': required with 'password'");
        }
        user.ifPresent(u -> {
            if (u.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("'" + json.path("username") + "': control characters");
            }
        });
        return user;
    }

    private static Optional<String> password(JsonBody json) {
        return json.string("password", StoredCamera.MAX_CREDENTIAL_CHARS);
    }

    private static URI deviceUrl(String text, String field) {
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            String s = text.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (!s.equals("http") && !s.equals("https")) {
                throw new IllegalArgumentException("'" + field + "': must be http or https");
            }
        }
        try {
            return DeviceUrl.parse(text).uri();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "': " + e.getMessage());
        }
    }

    static TransportMode transport(String text) {
        switch (text) {
            case "tcp":
                return TransportMode.TCP;
            case "udp":
                return TransportMode.UDP;
            case "auto":
                return TransportMode.AUTO;
            default:
                throw new IllegalArgumentException("'transport': must be tcp, udp or auto");
        }
    }

    @Override
    public String toString() {
        return "AddCameraRequest[id=" + id + ", url=" + rtspUrl.orElse("-") + ", onvif="
                + onvifUrl.map(URI::toString).orElse("-") + ", user=" + username.orElse("-") + ", password="
                + (password.isPresent() ? "***" : "-") + ", transport=" + transport + "]";
    }
}
