package org.nvr.core.stream;

/**
 * Bounds of a {@link StreamHub}'s GOP cache: the access units from the last keyframe on, kept so that a new
 * reader starts at a keyframe at once.
 *
 * <p>A GOP larger than either bound is not cached: the cache is emptied and stays empty until the next
 * keyframe, so it never holds a GOP it cannot start. The defaults cover a keyframe interval of up to 12 s
 * at 25 frames/s ({@value #DEFAULT_MAX_GOP_UNITS} units) and at about 11 Mbit/s
 * ({@value #DEFAULT_MAX_GOP_BYTES} bytes).
 *
 * @param maxGopUnits most access units the cache holds, 1 to {@value #MAX_GOP_UNITS_LIMIT}
 * @param maxGopBytes most NAL unit payload bytes ({@link org.nvr.core.model.AccessUnit#payloadBytes()}) the
 *                    cache holds, 1 to {@value #MAX_GOP_BYTES_LIMIT}
 */
public record HubLimits(int maxGopUnits, long maxGopBytes) {

    /** Default {@link #maxGopUnits()}. */
    public static final int DEFAULT_MAX_GOP_UNITS = 300;
    /** Default {@link #maxGopBytes()}: 16 MiB. */
    public static final long DEFAULT_MAX_GOP_BYTES = 16L * 1024 * 1024;
    /** Highest accepted {@link #maxGopUnits()}. */
    public static final int MAX_GOP_UNITS_LIMIT = 100_000;
    /** Highest accepted {@link #maxGopBytes()}: 1 GiB. */
    public static final long MAX_GOP_BYTES_LIMIT = 1L << 30;

    /** 300 units, 16 MiB. */
    public static final HubLimits DEFAULT = new HubLimits(DEFAULT_MAX_GOP_UNITS, DEFAULT_MAX_GOP_BYTES);

    public HubLimits {
        if (maxGopUnits < 1 || maxGopUnits > MAX_GOP_UNITS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxGopUnits must be between 1 and " + MAX_GOP_UNITS_LIMIT + ", was " + maxGopUnits);
        }
        if (maxGopBytes < 1 || maxGopBytes > MAX_GOP_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxGopBytes must be between 1 and " + MAX_GOP_BYTES_LIMIT + ", was " + maxGopBytes);
        }
    }
}
