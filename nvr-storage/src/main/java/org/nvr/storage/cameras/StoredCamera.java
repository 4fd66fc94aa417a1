package org.nvr.storage.cameras;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.nvr.core.rtsp.client.TransportMode;

/**
 * A camera to record, as the index keeps it.
 *
 * @param id        {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param enabled   false keeps the camera but records nothing
 * @param source    how it was added
 * @param transport RTSP transport
 * @param onvifUrl  the ONVIF device service address; present exactly when {@code source} is ONVIF
 * @param username  the camera's user, if it needs one
 * @param password  the camera's password, present with the user; never logged ({@link #toString()} hides it)
 * @param streams   {@code main} first, then optionally {@code sub}
 * @param createdAt when added
 * @param updatedAt when last changed
 */
public record StoredCamera(String id, boolean enabled, CameraSource source, TransportMode transport,
                           Optional<URI> onvifUrl, Optional<String> username, Optional<String> password,
                           List<StoredStream> streams, Instant createdAt, Instant updatedAt) {
    /** Camera ids: safe as path segments, metric tags and RTSP paths. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** Longest user name or password kept (the columns' size). */
    public static final int MAX_CREDENTIAL_CHARS = 256;

    public StoredCamera {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(onvifUrl, "onvifUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        streams = List.copyOf(streams);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id must match " + ID.pattern() + ": '" + id + "'");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("camera " + id + ": username and password go together");
        }
        if (username.map(String::length).orElse(0) > MAX_CREDENTIAL_CHARS
                || password.map(String::length).orElse(0) > MAX_CREDENTIAL_CHARS) {
            throw new IllegalArgumentException("camera " + id + ": username and password are at most "
                    + MAX_CREDENTIAL_CHARS + " characters");
        }
        if ((source == CameraSource.ONVIF) != onvifUrl.isPresent()) {
            throw new IllegalArgumentException("camera " + id + ": an ONVIF address goes with source onvif only");
        }
        if (streams.isEmpty() || !streams.get(0).name().equals("main")) {
            throw new IllegalArgumentException("camera " + id + ": the first stream must be main");
        }
        Set<String> names = new HashSet<>();
        for (StoredStream s : streams) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("camera " + id + ": stream " + s.name() + " given twice");
            }
        }
    }

    /** The same camera with {@code enabled} and {@code updatedAt} changed. */
    public StoredCamera withEnabled(boolean on, Instant at) {
        return new StoredCamera(id, on, source, transport, onvifUrl, username, password, streams, createdAt, at);
    }

    @Override
    public String toString() {
        return "StoredCamera[id=" + id + ", enabled=" + enabled + ", source=" + source.token() + ", transport="
                + transport + ", onvifUrl=" + onvifUrl.map(URI::toString).orElse("-") + ", user="
                + username.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-") + ", streams="
                + streams + "]";
    }
}
