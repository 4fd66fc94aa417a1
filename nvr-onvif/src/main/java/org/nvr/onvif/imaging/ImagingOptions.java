package org.nvr.onvif.imaging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What GetOptions allows ({@code tt:ImagingOptions20}): a range per adjustable value (absent: not adjustable)
 * and the IR cut filter modes offered.
 *
 * @param brightness       Brightness range
 * @param contrast         Contrast range
 * @param colorSaturation  ColorSaturation range
 * @param sharpness        Sharpness range
 * @param irCutFilterModes IrCutFilterModes, empty when the camera has no IR cut filter
 */
public record ImagingOptions(Optional<FloatRange> brightness, Optional<FloatRange> contrast,
        Optional<FloatRange> colorSaturation, Optional<FloatRange> sharpness, List<IrCutFilterMode> irCutFilterModes) {
    public ImagingOptions {
        Objects.requireNonNull(brightness, "brightness");
        Objects.requireNonNull(contrast, "contrast");
        Objects.requireNonNull(colorSaturation, "colorSaturation");
        Objects.requireNonNull(sharpness, "sharpness");
        irCutFilterModes = List.copyOf(irCutFilterModes);
    }
}
