package org.nvr.core.rtsp.server;

import java.util.regex.Pattern;
import org.nvr.core.model.MalformedInputException;

/**
 * A PLAY request's {@code Scale} (RFC 2326 §12.34) or {@code Speed} (§12.35): how much faster than real time to
 * play recorded video. Only forward play is supported, from 1/8 to {@value #MAX} times real time.
 */
final class ScaleHeader {

    /** Fastest playback: beyond it the client's decoder, not the server, becomes the limit. */
    static final double MAX = 8.0;
    private static final double MIN = 0.125;
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d{1,6}(\\.\\d{1,6})?");

    private ScaleHeader() {
    }

    /** Thrown for a well-formed value the server does not play (negative, zero, too fast): 456. */
    static final class UnsupportedScaleException extends RuntimeException {
        UnsupportedScaleException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @throws MalformedInputException    when the value is not a decimal number (400)
     * @throws UnsupportedScaleException  when it is one the server does not support (456)
     */
    static double parse(String header) {
        String value = header.strip();
        if (!DECIMAL.matcher(value).matches()) {
            throw new MalformedInputException("Scale '" + RangeHeader.printable(value) + "' is not a decimal number");
        }
        double scale = Double.parseDouble(value);
        if (scale <= 0) {
            throw new UnsupportedScaleException("reverse or still play (Scale " + RangeHeader.printable(value)
                    + ") not supported");
        }
        if (scale < MIN || scale > MAX) {
            throw new UnsupportedScaleException("Scale " + RangeHeader.printable(value) + " outside " + MIN + ".."
                    + MAX);
        }
        return scale;
    }

    /** The header value of a reply: {@code 1.0}, {@code 4.0}, {@code 0.5}. */
    static String format(double scale) {
        return Double.toString(scale);
    }
}
