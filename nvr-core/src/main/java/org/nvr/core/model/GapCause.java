package org.nvr.core.model;

/** Why recording of a stream was interrupted. Stored with each gap; exports show it. */
public enum GapCause {
    /** The camera refused, closed or ended the session, or sent something we could not use. */
    CAMERA,
    /** The camera could not be reached, or stopped sending (stall, timeout, connection reset). */
    NETWORK,
    /** The NVR could not write. */
    DISK,
    /** The NVR itself was stopped or restarted. */
    RESTART,
    /**
     * The wall-clock mapping stepped (the camera's clock or RTP timestamps jumped, or the NVR's clock was set):
     * the video may be continuous, but its times before and after do not join, so a segment must end.
     */
    CLOCK
}
