package org.nvr.onvif.media;

/**
 * A video resolution in pixels.
 *
 * @param width  width, 1..16384
 * @param height height, 1..16384
 */
public record Resolution(int width, int height) {
    public Resolution {
        if (width < 1 || width > 16384 || height < 1 || height > 16384) {
            throw new IllegalArgumentException("'resolution' " + width + "x" + height
                    + " is outside 1x1..16384x16384");
        }
    }

    /** Pixel count, for ordering profiles. */
    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
