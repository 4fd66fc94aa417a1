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
    RESTART
}
