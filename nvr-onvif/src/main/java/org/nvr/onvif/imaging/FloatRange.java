package org.nvr.onvif.imaging;

import java.math.BigDecimal;

/**
 * An inclusive range from GetOptions ({@code tt:FloatRange}).
 *
 * @param min lower bound
 * @param max upper bound, at least min
 */
public record FloatRange(double min, double max) {
    public FloatRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("range must be finite with min <= max: " + min + ".." + max);
        }
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    @Override
    public String toString() {
        return text(min) + ".." + text(max);
    }

    /** xs:float text without exponent or trailing zeros. */
    static String text(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
