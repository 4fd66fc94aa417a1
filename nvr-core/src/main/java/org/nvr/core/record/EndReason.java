package org.nvr.core.record;

/** Why a segment ended; stored with it. */
public enum EndReason {
    /** Reached the configured segment duration and cut at the next keyframe. */
    DURATION,
    /** The stream was interrupted (a {@code Gap} followed). */
    GAP,
    /** The SPS or PPS changed: a new {@code avcC} needs a new file. */
    PARAMETERS_CHANGED,
    /** The NVR stopped recording this stream (shutdown, camera disabled or removed). */
    STOPPED,
    /** Writing failed; the segment holds what was durably written before the failure. */
    WRITE_ERROR,
    /** Found on disk at startup without an index row (a crash), recovered up to its last complete fragment. */
    RECOVERED
}
