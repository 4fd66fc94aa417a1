package org.nvr.onvif.media;

import java.util.Objects;
import java.util.Optional;

/**
 * A media profile (Media Service and Media2 Service Specifications, media profiles).
 *
 * @param token            profile token, passed to GetStreamUri
 * @param name             profile name
 * @param videoSourceToken the video source (sensor/channel) it encodes, if configured
 * @param videoEncoder     its video encoder configuration, if configured
 */
public record MediaProfile(String token, String name, Optional<String> videoSourceToken,
        Optional<VideoEncoderConfig> videoEncoder) {
    public MediaProfile {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(videoSourceToken, "videoSourceToken");
        Objects.requireNonNull(videoEncoder, "videoEncoder");
    }
}
