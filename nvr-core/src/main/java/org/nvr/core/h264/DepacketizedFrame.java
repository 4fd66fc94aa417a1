package org.nvr.core.h264;

import java.util.List;
import org.nvr.core.model.NalUnits;

/**
 * One access unit as the RFC 6184 depacketizer gathered it, before its timestamp is unwrapped and its wall-clock
 * time is known (the ingest turns it into an {@link org.nvr.core.model.AccessUnit}).
 *
 * @param rtpTimestamp 32-bit RTP timestamp of the unit's packets, 0..2^32-1 (90 kHz for H.264, RFC 6184 §5.1)
 * @param keyframe     true exactly when one of the NAL units is an IDR slice (type 5)
 * @param nalus        NAL units without start codes, header byte first, in decoding order; owned by this record
 */
public record DepacketizedFrame(long rtpTimestamp, boolean keyframe, List<byte[]> nalus) {

    public DepacketizedFrame {
        if (rtpTimestamp < 0 || rtpTimestamp > 0xffff_ffffL) {
            throw new IllegalArgumentException("RTP timestamp " + rtpTimestamp + " is not a 32-bit unsigned value");
        }
        nalus = NalUnits.checkedCopy(nalus, "a frame");
        if (keyframe != NalUnitType.containsIdr(nalus)) {
            throw new IllegalArgumentException("keyframe=" + keyframe + " but the NAL units say otherwise");
        }
    }

    /** Sum of the NAL units' sizes, without start codes. */
    public int payloadBytes() {
        return NalUnits.payloadBytes(nalus);
    }

    @Override
    public String toString() {
        return "DepacketizedFrame[rtpTimestamp=" + rtpTimestamp + ", keyframe=" + keyframe + ", nalus="
                + nalus.size() + ", bytes=" + payloadBytes() + "]";
    }
}
