package org.nvr.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One H.264 access unit (one picture) as it left the depacketizer.
 *
 * <p>Immutable by contract: the NAL unit arrays are owned by this record and never written after
 * construction, so the hub can hand the same instance to every reader without copying.
 *
 * @param pts90k       presentation time in 90 kHz ticks: the RTP timestamp unwrapped to 64 bits
 * @param wallClock    UTC time of this picture, obtained as {@code clockSource} says
 * @param clockSource  how {@code wallClock} was obtained
 * @param keyframe     true when the unit holds an IDR slice (a stream can start decoding here)
 * @param nalus        NAL units without start codes or length prefixes, in decoding order
 */
public record AccessUnit(long pts90k, Instant wallClock, ClockSource clockSource, boolean keyframe,
                         List<byte[]> nalus) implements StreamItem {

    public AccessUnit {
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(clockSource, "clockSource");
        nalus = NalUnits.checkedCopy(nalus, "an access unit");
    }

    /** Sum of the NAL units' sizes, without start codes or length prefixes. */
    public int payloadBytes() {
        return NalUnits.payloadBytes(nalus);
    }

    /** Size of this unit in AVC sample format (ISO/IEC 14496-15): a 4-byte length before each NAL unit. */
    public int avccBytes() {
        return payloadBytes() + 4 * nalus.size();
    }

    @Override
    public String toString() {
        return "AccessUnit[pts90k=" + pts90k + ", wallClock=" + wallClock + ", keyframe=" + keyframe
                + ", nalus=" + nalus.size() + ", bytes=" + payloadBytes() + "]";
    }
}
