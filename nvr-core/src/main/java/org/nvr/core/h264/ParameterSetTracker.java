package org.nvr.core.h264;

import java.util.Arrays;
import java.util.List;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

/**
 * Follows a stream's current SPS and PPS, from the SDP's {@code sprop-parameter-sets} (RFC 6184 §8.1) and from
 * the parameter sets the camera sends in-band, and says when the stream's {@link VideoParameters} first become
 * known or change (a change starts a new recording segment).
 *
 * <p>Bounded, and simple on purpose: only the latest SPS and the latest PPS are kept, whatever their ids. A
 * stream that switches between several PPS ids (each picture naming its own) is reported as changing at each
 * switch; IP cameras send one SPS and one PPS. The PPS's {@code seq_parameter_set_id} is not checked against the
 * SPS.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class ParameterSetTracker {
    private byte[] sps;
    private byte[] pps;
    private VideoParameters current;
    private boolean unreported;

    /**
     * Sets the parameter sets announced out of band; the next {@link #observe} reports them if they are new.
     *
     * @param sps SPS NAL unit without start code (decoded from base64 by the SDP parser)
     * @param pps PPS NAL unit without start code
     * @throws MalformedInputException if they do not parse; the tracker is then unchanged
     */
    public void setOutOfBand(byte[] sps, byte[] pps) {
        update(sps.clone(), pps.clone());
    }

    /**
     * Looks at the parameter sets in one access unit.
     *
     * @param accessUnitNalus NAL units without start codes
     * @return the stream's parameters if they became known or changed since the last report (including through
     *         {@link #setOutOfBand}), else null
     * @throws MalformedInputException if a new SPS does not parse; the tracker keeps the previous parameters
     */
    public VideoParameters observe(List<byte[]> accessUnitNalus) {
        byte[] newSps = sps;
        byte[] newPps = pps;
        for (byte[] nalu : accessUnitNalus) {
            if (nalu.length == 0) {
                continue;
            }
            int type = NalUnitType.type(nalu[0]);
            if (type == NalUnitType.SPS && !Arrays.equals(nalu, newSps)) {
                newSps = nalu.clone();
            } else if (type == NalUnitType.PPS && !Arrays.equals(nalu, newPps)) {
                newPps = nalu.clone();
            }
        }
        if (newSps != sps || newPps != pps) {
            update(newSps, newPps);
        }
        if (unreported) {
            unreported = false;
            return current;
        }
        return null;
    }

    /** The latest parameters, or null while the SPS or the PPS is still unknown. */
    public VideoParameters current() {
        return current;
    }

    private void update(byte[] newSps, byte[] newPps) {
        if (newSps != null && newPps != null) {
            VideoParameters parameters = SpsParser.toVideoParameters(newSps, newPps);
            if (!parameters.sameSets(current)) {
                current = parameters;
                unreported = true;
            }
        } else if (newSps != null) {
            // Check an SPS that arrives before any PPS now, so that a bad one is reported where it came in.
            SpsParser.parse(newSps);
        }
        sps = newSps;
        pps = newPps;
    }
}
