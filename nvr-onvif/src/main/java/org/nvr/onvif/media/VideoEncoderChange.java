package org.nvr.onvif.media;

import java.util.Objects;
import java.util.Optional;

/**
 * The fields to change in a SetVideoEncoderConfiguration; absent fields keep the camera's value. Values are
 * checked here, before any request, and later against the camera's options.
 *
 * @param encoding          new codec
 * @param resolution        new resolution
 * @param frameRateLimitFps new frame rate limit, 0 < fps <= 1000
 * @param bitrateLimitKbps  new bitrate limit in kbit/s, 1..1,000,000
 * @param govLength         new GOP length in frames, 1..10,000
 */
public record VideoEncoderChange(Optional<VideoEncoding> encoding, Optional<Resolution> resolution,
        Optional<Double> frameRateLimitFps, Optional<Integer> bitrateLimitKbps, Optional<Integer> govLength) {
    public VideoEncoderChange {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(frameRateLimitFps, "frameRateLimitFps");
        Objects.requireNonNull(bitrateLimitKbps, "bitrateLimitKbps");
        Objects.requireNonNull(govLength, "govLength");
        encoding.ifPresent(e -> {
            if (e != VideoEncoding.H264 && e != VideoEncoding.H265) {
                throw new IllegalArgumentException("'encoding' must be H264 or H265 for recording, not " + e);
            }
        });
        frameRateLimitFps.ifPresent(f -> {
            if (!(f > 0 && f <= 1000)) {
                throw new IllegalArgumentException("'frameRateLimitFps' must be in (0, 1000]: " + f);
            }
        });
        bitrateLimitKbps.ifPresent(b -> {
            if (b < 1 || b > 1_000_000) {
                throw new IllegalArgumentException("'bitrateLimitKbps' must be in 1..1000000: " + b);
            }
        });
        govLength.ifPresent(g -> {
            if (g < 1 || g > 10_000) {
                throw new IllegalArgumentException("'govLength' must be in 1..10000: " + g);
            }
        });
    }

    /** No change. */
    public static VideoEncoderChange none() {
        return new VideoEncoderChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public VideoEncoderChange withEncoding(VideoEncoding e) {
        return new VideoEncoderChange(Optional.of(e), resolution, frameRateLimitFps, bitrateLimitKbps, govLength);
    }

    public VideoEncoderChange withResolution(int width, int height) {
        return new VideoEncoderChange(encoding, Optional.of(new Resolution(width, height)), frameRateLimitFps,
                bitrateLimitKbps, govLength);
    }

    public VideoEncoderChange withFrameRateLimitFps(double fps) {
        return new VideoEncoderChange(encoding, resolution, Optional.of(fps), bitrateLimitKbps, govLength);
    }

    public VideoEncoderChange withBitrateLimitKbps(int kbps) {
        return new VideoEncoderChange(encoding, resolution, frameRateLimitFps, Optional.of(kbps), govLength);
    }

    public VideoEncoderChange withGovLength(int frames) {
        return new VideoEncoderChange(encoding, resolution, frameRateLimitFps, bitrateLimitKbps, Optional.of(frames));
    }
}
