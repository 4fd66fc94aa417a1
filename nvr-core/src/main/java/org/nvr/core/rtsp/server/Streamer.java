package org.nvr.core.rtsp.server;

/** What feeds one playing session: live from a hub, or recorded from a cursor. Used on the session's event loop. */
interface Streamer {

    /** The client can take data again (its channel became writable). */
    void writabilityChanged();

    /** Stops for good and releases the reader or cursor. Idempotent. */
    void stop();
}
