package org.nvr.onvif.ptz;

/**
 * A pan/tilt pair ({@code tt:Vector2D} without its space: the client writes the node's space).
 *
 * @param pan  x
 * @param tilt y
 */
public record PanTilt(double pan, double tilt) {
    public PanTilt {
        PtzChecks.finite("pan", pan);
        PtzChecks.finite("tilt", tilt);
    }
}
