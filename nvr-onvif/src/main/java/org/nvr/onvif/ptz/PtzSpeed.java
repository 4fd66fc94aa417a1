package org.nvr.onvif.ptz;

/**
 * The speed of an absolute or relative move or a GotoPreset ({@code tt:PTZSpeed}) in the generic speed spaces
 * (PTZ Service Specification, "Generic Pan/Tilt Speed Space", "Generic Zoom Speed Space"): 0..1 each.
 *
 * @param panTilt pan/tilt speed, written as both x and y
 * @param zoom    zoom speed
 */
public record PtzSpeed(double panTilt, double zoom) {
    public PtzSpeed {
        if (!(panTilt >= 0 && panTilt <= 1)) {
            throw new IllegalArgumentException("'panTilt' speed must be in [0, 1]: " + panTilt);
        }
        if (!(zoom >= 0 && zoom <= 1)) {
            throw new IllegalArgumentException("'zoom' speed must be in [0, 1]: " + zoom);
        }
    }
}
