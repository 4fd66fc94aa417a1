package org.nvr.storage.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * Store-wide retention limits.
 *
 * @param maxAge        the legal ceiling: no segment is kept once it ended this long ago, whatever a camera says
 * @param maxTotalBytes most bytes of segments kept in all, 0 for no limit
 * @param minFreeBytes  usable bytes kept free on the recordings file system (the oldest segments go first), 0 for
 *                      none
 */
public record RetentionPolicy(Duration maxAge, long maxTotalBytes, long minFreeBytes) {
    public RetentionPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (maxTotalBytes < 0 || minFreeBytes < 0) {
            throw new IllegalArgumentException("maxTotalBytes and minFreeBytes must be >= 0: " + maxTotalBytes + ", "
                    + minFreeBytes);
        }
    }
}
