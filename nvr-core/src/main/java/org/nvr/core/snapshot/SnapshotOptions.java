package org.nvr.core.snapshot;

import java.time.Duration;
import java.util.Objects;
import org.nvr.core.h264.SpsParser;

/**
 * Limits of {@link Snapshotter}.
 *
 * @param maxWidth      widest coded picture decoded, pixels. Default 4096
 * @param maxHeight     tallest coded picture decoded, pixels. Default 4096 (a 4096x4096 picture takes about 24 MiB
 *                      of YUV and 64 MiB of RGB while it is converted)
 * @param maxConcurrent snapshots made at once; more are refused (503) rather than queued. Default 2
 * @param keyframeWait  how long to wait for a keyframe when the stream's GOP cache holds none (just after start or
 *                      a gap). Default 3 s
 * @param jpegQuality   ImageIO JPEG quality. Default 0.85
 */
public record SnapshotOptions(int maxWidth, int maxHeight, int maxConcurrent, Duration keyframeWait,
                              float jpegQuality) {
    /** The defaults listed above. */
    public static final SnapshotOptions DEFAULTS = new SnapshotOptions(4096, 4096, 2, Duration.ofSeconds(3),
            JpegEncoder.DEFAULT_QUALITY);

    public SnapshotOptions {
        Objects.requireNonNull(keyframeWait, "keyframeWait");
        if (maxConcurrent < 1 || maxConcurrent > 64) {
            throw new IllegalArgumentException("maxConcurrent " + maxConcurrent + " is not within 1..64");
        }
        if (keyframeWait.isNegative() || keyframeWait.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("keyframeWait " + keyframeWait + " is not within 0..60 s");
        }
        if (maxWidth < 16 || maxWidth > SpsParser.MAX_DIMENSION_PIXELS || maxHeight < 16
                || maxHeight > SpsParser.MAX_DIMENSION_PIXELS) {
            throw new IllegalArgumentException("picture limit " + maxWidth + "x" + maxHeight + " is not within"
                    + " 16x16.." + SpsParser.MAX_DIMENSION_PIXELS + "x" + SpsParser.MAX_DIMENSION_PIXELS);
        }
        if (!(jpegQuality >= 0.1f && jpegQuality <= 1.0f)) {
            throw new IllegalArgumentException("jpegQuality " + jpegQuality + " is not within 0.1..1.0");
        }
    }
}
