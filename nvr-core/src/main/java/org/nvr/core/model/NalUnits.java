package org.nvr.core.model;

import java.util.List;

/**
 * The rules every list of NAL units in a picture follows (an {@link AccessUnit}, a depacketized frame, a demo clip
 * frame): at least one unit, none empty, held as an unmodifiable copy. The units are without start codes or length
 * prefixes, header byte first.
 */
public final class NalUnits {
    private NalUnits() {
    }

    /**
     * An unmodifiable copy of {@code nalus} after checking it.
     *
     * @param holder what holds the units, for the message (for example "an access unit")
     * @throws IllegalArgumentException when the list is empty or a unit is empty
     */
    public static List<byte[]> checkedCopy(List<byte[]> nalus, String holder) {
        List<byte[]> copy = List.copyOf(nalus);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(holder + " needs at least one NAL unit");
        }
        for (byte[] nalu : copy) {
            if (nalu.length == 0) {
                throw new IllegalArgumentException("empty NAL unit");
            }
        }
        return copy;
    }

    /** Sum of the units' sizes, without start codes or length prefixes. */
    public static int payloadBytes(List<byte[]> nalus) {
        int total = 0;
        for (byte[] nalu : nalus) {
            total += nalu.length;
        }
        return total;
    }
}
