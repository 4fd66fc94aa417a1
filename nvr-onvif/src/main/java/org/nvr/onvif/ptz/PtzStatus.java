package org.nvr.onvif.ptz;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * GetStatus (PTZ Service Specification; {@code tt:PTZStatus}).
 *
 * @param position    current position, when the camera reports one
 * @param panTiltMove pan/tilt move status
 * @param zoomMove    zoom move status
 * @param error       the camera's error text, if any
 * @param utcTime     the camera's time of the status
 */
public record PtzStatus(Optional<PtzPosition> position, MoveStatus panTiltMove, MoveStatus zoomMove,
        Optional<String> error, Optional<Instant> utcTime) {
    public PtzStatus {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(panTiltMove, "panTiltMove");
        Objects.requireNonNull(zoomMove, "zoomMove");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(utcTime, "utcTime");
    }
}
