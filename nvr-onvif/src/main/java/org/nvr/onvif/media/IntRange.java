package org.nvr.onvif.media;

/**
 * An inclusive range from a configuration-options response ({@code tt:IntRange}).
 *
 * @param min lower bound
 * @param max upper bound, at least min
 */
public record IntRange(int min, int max) {
    public IntRange {
        if (max < min) {
            throw new IllegalArgumentException("range max " + max + " < min " + min);
        }
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
