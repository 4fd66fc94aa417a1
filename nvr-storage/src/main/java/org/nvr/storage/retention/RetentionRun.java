package org.nvr.storage.retention;

import java.util.Objects;

/**
 * What one retention run deleted, by reason.
 *
 * @param maxAge        by age
 * @param cameraQuota   by per-camera quota
 * @param totalQuota    by total quota
 * @param minFree       by free space
 * @param minFreeMet    false when the run ended with less free space than wanted (nothing left to delete, or
 *                      deleting did not free space)
 */
public record RetentionRun(Deleted maxAge, Deleted cameraQuota, Deleted totalQuota, Deleted minFree,
                           boolean minFreeMet) {
    public RetentionRun {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(cameraQuota, "cameraQuota");
        Objects.requireNonNull(totalQuota, "totalQuota");
        Objects.requireNonNull(minFree, "minFree");
    }

    /**
     * Segments and bytes deleted for one reason.
     *
     * @param segments segments deleted
     * @param bytes    their bytes, as the index had them
     */
    public record Deleted(long segments, long bytes) {
        /** Nothing deleted. */
        public static final Deleted NONE = new Deleted(0, 0);

        public Deleted {
            if (segments < 0 || bytes < 0) {
                throw new IllegalArgumentException("negative deletion count: " + segments + ", " + bytes);
            }
        }

        Deleted plus(long moreBytes) {
            return new Deleted(segments + 1, bytes + moreBytes);
        }
    }

    /** All segments deleted in this run. */
    public long totalSegments() {
        return maxAge.segments + cameraQuota.segments + totalQuota.segments + minFree.segments;
    }

    /** All bytes deleted in this run. */
    public long totalBytes() {
        return maxAge.bytes + cameraQuota.bytes + totalQuota.bytes + minFree.bytes;
    }
}
