package org.nvr.core.record;

/** What a {@link Recorder} is doing. */
public enum RecorderState {
    /** Created, not started. */
    NEW,
    /** Started, no segment open: waiting for a keyframe (with known parameters) to open one. */
    WAITING_FOR_KEYFRAME,
    /** A segment is open and units are being written. */
    RECORDING,
    /** Writing failed; units are skipped until the retry delay has passed and a keyframe arrives. */
    RETRYING,
    /** Stopped: the last segment was finished and the hub reader closed. */
    STOPPED
}
