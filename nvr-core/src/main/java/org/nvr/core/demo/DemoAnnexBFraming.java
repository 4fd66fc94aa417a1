package org.nvr.core.demo;

import org.nvr.core.h264.AnnexB;
import org.nvr.core.model.MalformedInputException;

/**
 * The checks the demo camera makes on a clip's Annex B byte stream (ITU-T H.264 Annex B) before
 * {@link AnnexB} and {@code AnnexBReader} split it. Those tolerate what a live stream may carry (they skip
 * empty NAL units and pass any header byte on); a clip file or an encoder's output with such damage is
 * rejected here instead, saying where, because the demo would otherwise loop the damage to every client.
 */
final class DemoAnnexBFraming {

    private DemoAnnexBFraming() {
    }

    /**
     * Scans {@code stream} once, start code by start code.
     *
     * @param where names the source in error messages
     * @throws MalformedInputException if there is no start code at all; otherwise for the first of: data before
     *                                 the first start code, a NAL unit that is empty or only zero bytes, a NAL
     *                                 unit with its forbidden_zero_bit set (H.264 §7.4.1)
     */
    static void check(byte[] stream, String where) {
        String problem = null;
        int zeros = 0;
        int nalStart = -1;
        boolean nalHasData = false;
        for (int i = 0; i < stream.length; i++) {
            int b = stream[i];
            if (b == 1 && zeros >= 2) {
                // The end of a start code prefix 00 00 01; the zeros before it are a zero_byte or
                // trailing_zero_8bits (H.264 §B.1.1), not part of the previous NAL unit.
                if (nalStart >= 0 && !nalHasData && problem == null) {
                    problem = "empty NAL unit at byte " + nalStart;
                }
                nalStart = i + 1;
                nalHasData = false;
                zeros = 0;
            } else if (b == 0) {
                zeros++;
            } else {
                zeros = 0;
                if (problem == null && nalStart < 0) {
                    problem = "data before the first start code";
                } else if (problem == null && i == nalStart && (b & 0x80) != 0) {
                    problem = "NAL unit at byte " + nalStart + " has forbidden_zero_bit set";
                }
                nalHasData = true;
            }
        }
        if (nalStart < 0) {
            throw new MalformedInputException(where + ": no Annex B start code (00 00 01)");
        }
        if (problem == null && !nalHasData) {
            problem = "empty NAL unit at byte " + nalStart;
        }
        if (problem != null) {
            throw new MalformedInputException(where + ": " + problem);
        }
    }
}
