package org.nvr.onvif.media;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a camera accepts for one encoding, from GetVideoEncoderConfigurationOptions.
 *
 * @param encoding            the codec these options are for
 * @param resolutions         ResolutionsAvailable (empty: unknown)
 * @param frameRateRange      Media1 FrameRateRange
 * @param frameRatesSupported Media2 FrameRatesSupported
 * @param bitrateKbps         BitrateRange
 * @param govLength           GovLengthRange
 */
public record EncodingOptions(VideoEncoding encoding, List<Resolution> resolutions, Optional<IntRange> frameRateRange,
        List<Double> frameRatesSupported, Optional<IntRange> bitrateKbps, Optional<IntRange> govLength) {
    public EncodingOptions {
        Objects.requireNonNull(encoding, "encoding");
        resolutions = List.copyOf(resolutions);
        frameRatesSupported = List.copyOf(frameRatesSupported);
        Objects.requireNonNull(frameRateRange, "frameRateRange");
        Objects.requireNonNull(bitrateKbps, "bitrateKbps");
        Objects.requireNonNull(govLength, "govLength");
    }
}
