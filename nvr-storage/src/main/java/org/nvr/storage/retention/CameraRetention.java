package org.nvr.storage.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * One camera's retention limits.
 *
 * @param maxAge   effective age limit (the configuration already took the minimum with the global ceiling; the
 *                 service applies the ceiling again)
 * @param maxBytes most bytes of this camera's segments, 0 for no limit
 */
public record CameraRetention(Duration maxAge, long maxBytes) {
    public CameraRetention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
    }
}
