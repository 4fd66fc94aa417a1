package org.nvr.onvif.media;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks of request inputs, shared by both media clients; every message names the offending field. */
final class EncoderChecks {
    /** tt:ReferenceToken is at most 64 characters (ONVIF schema onvif.xsd). */
    static final int MAX_TOKEN_CHARS = 64;

    private EncoderChecks() {
    }

    static String token(String field, String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("'" + field + "' must be 1.." + MAX_TOKEN_CHARS
                    + " characters: " + token);
        }
        return token;
    }

    /** Checks the resulting configuration against the options for its encoding, when the camera gave them. */
    static void against(List<EncodingOptions> options, VideoEncoding encoding, VideoEncoderChange change) {
        Optional<EncodingOptions> forEncoding = options.stream().filter(o -> o.encoding() == encoding).findFirst();
        if (forEncoding.isEmpty()) {
            if (!options.isEmpty() && change.encoding().isPresent()) {
                throw new IllegalArgumentException("'encoding' " + encoding + " is not offered by the camera ("
                        + options.stream().map(o -> o.encoding().name()).collect(Collectors.joining(", ")) + ")");
            }
            return;
        }
        EncodingOptions o = forEncoding.get();
        change.resolution().ifPresent(r -> {
            if (!o.resolutions().isEmpty() && !o.resolutions().contains(r)) {
                throw new IllegalArgumentException("'resolution' " + r + " is not among the camera's " + encoding
                        + " resolutions " + o.resolutions());
            }
        });
        change.frameRateLimitFps().ifPresent(f -> {
            o.frameRateRange().filter(range -> !range.contains(f)).ifPresent(range -> {
                throw new IllegalArgumentException("'frameRateLimitFps' " + f + " is outside the camera's range "
                        + range + " for " + encoding);
            });
            if (!o.frameRatesSupported().isEmpty()
                    && o.frameRatesSupported().stream().noneMatch(s -> Math.abs(s - f) < 0.01)) {
                throw new IllegalArgumentException("'frameRateLimitFps' " + f + " is not among the camera's "
                        + encoding + " frame rates " + o.frameRatesSupported());
            }
        });
        change.bitrateLimitKbps().ifPresent(b -> o.bitrateKbps().filter(range -> !range.contains(b))
                .ifPresent(range -> {
                    throw new IllegalArgumentException("'bitrateLimitKbps' " + b + " is outside the camera's range "
                            + range + " for " + encoding);
                }));
        change.govLength().ifPresent(g -> o.govLength().filter(range -> !range.contains(g)).ifPresent(range -> {
            throw new IllegalArgumentException("'govLength' " + g + " is outside the camera's range " + range
                    + " for " + encoding);
        }));
    }
}
