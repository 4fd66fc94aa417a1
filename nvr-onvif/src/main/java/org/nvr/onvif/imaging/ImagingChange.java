package org.nvr.onvif.imaging;

import java.util.Objects;
import java.util.Optional;

/**
 * The settings to change in a SetImagingSettings; absent fields keep the camera's value. Values must be finite
 * here and within the camera's GetOptions ranges, checked by {@link ImagingClient} before the request.
 *
 * @param brightness      new Brightness
 * @param contrast        new Contrast
 * @param colorSaturation new ColorSaturation
 * @param sharpness       new Sharpness
 * @param irCutFilter     new IrCutFilter mode
 */
public record ImagingChange(Optional<Double> brightness, Optional<Double> contrast,
        Optional<Double> colorSaturation, Optional<Double> sharpness, Optional<IrCutFilterMode> irCutFilter) {
    public ImagingChange {
        finite("brightness", brightness);
        finite("contrast", contrast);
        finite("colorSaturation", colorSaturation);
        finite("sharpness", sharpness);
        Objects.requireNonNull(irCutFilter, "irCutFilter");
    }

    private static void finite(String field, Optional<Double> v) {
        Objects.requireNonNull(v, field).ifPresent(d -> {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("'" + field + "' must be a finite number: " + d);
            }
        });
    }

    /** No change. */
    public static ImagingChange none() {
        return new ImagingChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public ImagingChange withBrightness(double v) {
        return new ImagingChange(Optional.of(v), contrast, colorSaturation, sharpness, irCutFilter);
    }

    public ImagingChange withContrast(double v) {
        return new ImagingChange(brightness, Optional.of(v), colorSaturation, sharpness, irCutFilter);
    }

    public ImagingChange withColorSaturation(double v) {
        return new ImagingChange(brightness, contrast, Optional.of(v), sharpness, irCutFilter);
    }

    public ImagingChange withSharpness(double v) {
        return new ImagingChange(brightness, contrast, colorSaturation, Optional.of(v), irCutFilter);
    }

    public ImagingChange withIrCutFilter(IrCutFilterMode mode) {
        return new ImagingChange(brightness, contrast, colorSaturation, sharpness, Optional.of(mode));
    }

    /** Whether nothing would change. */
    public boolean isEmpty() {
        return brightness.isEmpty() && contrast.isEmpty() && colorSaturation.isEmpty() && sharpness.isEmpty()
                && irCutFilter.isEmpty();
    }
}
