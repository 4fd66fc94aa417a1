package org.nvr.onvif.media;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a video encoder configuration we use, from Media1 {@code tt:VideoEncoderConfiguration} or Media2
 * {@code tt:VideoEncoder2Configuration}. Rate control and GOP are optional in both schemas and some firmware
 * (Dahua-like) omits them.
 *
 * @param token            configuration token
 * @param name             configuration name
 * @param encoding         codec
 * @param resolution       encoded resolution
 * @param frameRateLimitFps RateControl/FrameRateLimit
 * @param bitrateLimitKbps RateControl/BitrateLimit (kbit/s)
 * @param govLength        GOP length in frames (Media1 H264/GovLength, Media2 GovLength attribute)
 * @param profile          codec profile (Media1 H264Profile, Media2 Profile attribute)
 */
public record VideoEncoderConfig(String token, String name, VideoEncoding encoding, Resolution resolution,
        Optional<Double> frameRateLimitFps, Optional<Integer> bitrateLimitKbps, Optional<Integer> govLength,
        Optional<String> profile) {
    public VideoEncoderConfig {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(frameRateLimitFps, "frameRateLimitFps");
        Objects.requireNonNull(bitrateLimitKbps, "bitrateLimitKbps");
        Objects.requireNonNull(govLength, "govLength");
        Objects.requireNonNull(profile, "profile");
    }
}
