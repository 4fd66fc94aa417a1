package org.nvr.onvif.ptz;

/**
 * A ContinuousMove velocity in the generic velocity spaces (PTZ Service Specification, "Generic Pan/Tilt Velocity
 * Space" and "Generic Zoom Velocity Space"): each component in [-1, 1], 0 meaning that axis does not move.
 *
 * @param pan  pan velocity, positive to the right
 * @param tilt tilt velocity, positive up
 * @param zoom zoom velocity, positive towards tele
 */
public record PtzVelocity(double pan, double tilt, double zoom) {
    public PtzVelocity {
        PtzChecks.unit("pan", pan);
        PtzChecks.unit("tilt", tilt);
        PtzChecks.unit("zoom", zoom);
    }

    boolean movesPanTilt() {
        return pan != 0 || tilt != 0;
    }

    boolean movesZoom() {
        return zoom != 0;
    }
}
