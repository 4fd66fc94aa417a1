package org.nvr.core.rtsp;

/**
 * Bounds on an SDP from outside. A camera's SDP is about 1 KiB with two or three media sections.
 *
 * @param maxChars         longest SDP accepted, default 64 KiB (also the DESCRIBE body bound)
 * @param maxMediaSections most {@code m=} sections, default 16
 * @param maxLines         most lines, default 1024
 */
public record SdpLimits(int maxChars, int maxMediaSections, int maxLines) {

    /** 64 KiB, 16 media sections, 1024 lines. */
    public static final SdpLimits DEFAULT = new SdpLimits(64 * 1024, 16, 1024);

    public SdpLimits {
        if (maxChars < 1 || maxMediaSections < 1 || maxLines < 1) {
            throw new IllegalArgumentException("SDP limits must be positive: " + maxChars + ", " + maxMediaSections
                    + ", " + maxLines);
        }
    }
}
