package org.nvr.onvif.imaging;

import java.util.Objects;
import java.util.Optional;

/**
 * The settings the NVR reads from GetImagingSettings ({@code tt:ImagingSettings20}); each is optional there.
 * Units are the camera's (see {@link ImagingOptions} for the ranges).
 *
 * @param brightness      Brightness
 * @param contrast        Contrast
 * @param colorSaturation ColorSaturation
 * @param sharpness       Sharpness
 * @param irCutFilter     IrCutFilter
 */
public record ImagingSettings(Optional<Double> brightness, Optional<Double> contrast,
        Optional<Double> colorSaturation, Optional<Double> sharpness, Optional<IrCutFilterMode> irCutFilter) {
    public ImagingSettings {
        Objects.requireNonNull(brightness, "brightness");
        Objects.requireNonNull(contrast, "contrast");
        Objects.requireNonNull(colorSaturation, "colorSaturation");
        Objects.requireNonNull(sharpness, "sharpness");
        Objects.requireNonNull(irCutFilter, "irCutFilter");
    }
}
