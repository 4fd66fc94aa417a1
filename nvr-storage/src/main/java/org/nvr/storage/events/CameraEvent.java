package org.nvr.storage.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened at a camera (ONVIF motion or tamper, camera online or offline): a row of the index's
 * {@code event} table.
 *
 * @param at       when it happened (the camera's time for ONVIF events, corrected by nothing: it is what the
 *                 camera said)
 * @param cameraId the camera, if any
 * @param kind     dotted kind, e.g. {@code onvif.motion}, at most 64 characters
 * @param payload  details as strings (topic, source and data items), written as a JSON object of at most 16 KiB
 */
public record CameraEvent(Instant at, Optional<String> cameraId, String kind, Map<String, String> payload) {
    public CameraEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(kind, "kind");
        if (kind.isEmpty() || kind.length() > 64) {
            throw new IllegalArgumentException("event kind must be 1 to 64 characters: '" + kind + "'");
        }
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }
}
