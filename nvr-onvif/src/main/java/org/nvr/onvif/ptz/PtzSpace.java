package org.nvr.onvif.ptz;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A coordinate space a PTZ node supports (PTZ Service Specification, "PTZ Node": SupportedPTZSpaces), e.g.
 * {@code http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace} with x and y in [-1, 1].
 *
 * @param uri the space URI, sent in the {@code space} attribute of requests
 * @param x   range of x (pan, zoom, or the scalar speed)
 * @param y   range of y (tilt) for two-dimensional spaces
 */
public record PtzSpace(URI uri, SpaceRange x, Optional<SpaceRange> y) {
    public PtzSpace {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
    }

    /** Whether this is one of the generic (normalized) spaces of the PTZ Service Specification. */
    public boolean generic() {
        return uri.toString().startsWith("http://www.onvif.org/ver10/tptz/") && uri.getPath().contains("Generic");
    }
}
