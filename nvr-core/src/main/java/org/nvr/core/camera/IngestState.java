package org.nvr.core.camera;

/** Where a camera stream's ingest stands. */
public enum IngestState {
    /** Connecting or negotiating (OPTIONS ... PLAY). */
    CONNECTING,
    /** PLAY succeeded; access units flow (or the stall watchdog is counting). */
    STREAMING,
    /** The last session failed; waiting before the next attempt. */
    BACKOFF,
    /** Stopped by the NVR. */
    STOPPED
}
