package org.nvr.cli.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.storage.cameras.CameraSource;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;

/**
 * A validated {@code PUT /api/v1/cameras/{id}} body (docs/api.md, Cameras): any of {@code url} (main stream, for
 * a camera added by URL), {@code username}, {@code password} and {@code transport}; what is not given stays.
 *
 * @param url       the new main stream URL
 * @param username  the new camera user
 * @param password  the new password; never logged ({@link #toString()} hides it)
 * @param transport the new RTSP transport
 */
record UpdateCameraRequest(Optional<String> url, Optional<String> username, Optional<String> password,
                           Optional<TransportMode> transport) {
    private static final Set<String> FIELDS = Set.of("url", "username", "password", "transport");

    UpdateCameraRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(transport, "transport");
        if (url.isEmpty() && username.isEmpty() && password.isEmpty() && transport.isEmpty()) {
            throw new IllegalArgumentException("give at least one of 'url', 'username', 'password' and"
                    + " 'transport'");
        }
    }

    /** Parses and validates the body; {@link IllegalArgumentException} naming the field otherwise. */
    static UpdateCameraRequest parse(ObjectMapper mapper, byte[] body) {
        JsonBody json = JsonBody.parse(mapper, body).allowOnly(FIELDS);
        Optional<TransportMode> transport = json.string("transport", 8).map(AddCameraRequest::transport);
        Optional<String> url = json.string("url", StoredStream.MAX_URL_CHARS)
                .map(u -> AddCameraRequest.checkRtspUrl(u, transport.orElse(TransportMode.TCP)));
        Optional<String> username = json.string("username", StoredCamera.MAX_CREDENTIAL_CHARS);
        username.ifPresent(u -> {
            if (u.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("'username': control characters");
            }
        });
        Optional<String> password = json.string("password", StoredCamera.MAX_CREDENTIAL_CHARS);
        return new UpdateCameraRequest(url, username, password, transport);
    }

    /**
     * {@code camera} with this request's changes.
     *
     * @throws IllegalArgumentException naming the field: a URL for an ONVIF camera (its profiles give the URLs),
     *                                  or a user without a password or the other way round
     */
    StoredCamera applyTo(StoredCamera camera) {
        List<StoredStream> streams = new ArrayList<>(camera.streams());
        if (url.isPresent()) {
            if (camera.source() == CameraSource.ONVIF) {
                throw new IllegalArgumentException("'url': not for a camera added by ONVIF (its profiles give the"
                        + " stream URLs)");
            }
            streams.set(0, new StoredStream("main", url.get(), streams.get(0).profileToken()));
        }
        Optional<String> user = username.isPresent() ? username : camera.username();
        Optional<String> pass = password.isPresent() ? password : camera.password();
        if (user.isPresent() != pass.isPresent()) {
            throw new IllegalArgumentException(user.isPresent() ? "'password': required with 'username' (the camera"
                    + " has none)" : "'username': required with 'password' (the camera has none)");
        }
        return new StoredCamera(camera.id(), camera.enabled(), camera.source(), transport.orElse(camera.transport()),
                camera.onvifUrl(), user, pass, streams, camera.createdAt(), camera.updatedAt());
    }

    @Override
    public String toString() {
        return "UpdateCameraRequest[url=" + url.orElse("-") + ", user=" + username.orElse("-") + ", password="
                + (password.isPresent() ? "***" : "-") + ", transport=" + transport.map(Enum::name).orElse("-")
                + "]";
    }
}
