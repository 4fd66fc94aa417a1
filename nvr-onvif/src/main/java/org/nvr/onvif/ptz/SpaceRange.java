package org.nvr.onvif.ptz;

/**
 * One axis of a PTZ coordinate space ({@code tt:FloatRange} in a {@code tt:Space1DDescription} or {@code
 * tt:Space2DDescription}).
 *
 * @param min lower bound
 * @param max upper bound, at least min
 */
public record SpaceRange(double min, double max) {
    public SpaceRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("space range must be finite with min <= max: " + min + ".." + max);
        }
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    @Override
    public String toString() {
        return PtzXml.number(min) + ".." + PtzXml.number(max);
    }
}
