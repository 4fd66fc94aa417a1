package org.nvr.core.rtsp.client;

import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.VideoParameters;

/** Receives what one RTSP session delivers, on the session's event loop thread. Must not block. */
public interface MediaListener {
    /** The stream's codec parameters became known or changed; comes before the first unit that uses them. */
    void onParameters(VideoParameters parameters);

    /**
     * One complete access unit.
     *
     * @param clockStepped true when the wall clock mapping stepped (a clock or timestamp jump) at this unit
     */
    void onAccessUnit(AccessUnit unit, boolean clockStepped);

    /** Packets lost in transit and frames dropped because of it, counted since the previous call. */
    void onLoss(long lostPackets, long droppedFrames);
}
