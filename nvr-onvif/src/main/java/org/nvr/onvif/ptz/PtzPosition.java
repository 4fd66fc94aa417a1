package org.nvr.onvif.ptz;

import java.util.Objects;
import java.util.Optional;

/**
 * A position or translation ({@code tt:PTZVector}): pan/tilt and zoom, either may be absent (left alone). Ranges
 * are those of the node's space and are checked by the client before a request.
 *
 * @param panTilt pan/tilt
 * @param zoom    zoom
 */
public record PtzPosition(Optional<PanTilt> panTilt, Optional<Double> zoom) {
    public PtzPosition {
        Objects.requireNonNull(panTilt, "panTilt");
        Objects.requireNonNull(zoom, "zoom");
        zoom.ifPresent(z -> PtzChecks.finite("zoom", z));
        if (panTilt.isEmpty() && zoom.isEmpty()) {
            throw new IllegalArgumentException("a PTZ position needs pan/tilt, zoom or both");
        }
    }

    public static PtzPosition of(double pan, double tilt, double zoom) {
        return new PtzPosition(Optional.of(new PanTilt(pan, tilt)), Optional.of(zoom));
    }

    public static PtzPosition panTilt(double pan, double tilt) {
        return new PtzPosition(Optional.of(new PanTilt(pan, tilt)), Optional.empty());
    }

    public static PtzPosition zoom(double zoom) {
        return new PtzPosition(Optional.empty(), Optional.of(zoom));
    }
}
