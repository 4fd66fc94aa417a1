package org.nvr.core.rtsp.client;

import java.util.concurrent.CompletableFuture;

/** One attempt at receiving a camera stream; ends once. The seam that lets ingest be tested without a camera. */
public interface StreamSession {
    /** Starts connecting; media goes to the listener given when the session was made. */
    void start();

    /** Ends the session as the NVR's decision; {@link #ended()} then completes with {@code requested=true}. */
    void close();

    /** Completes once, when the session is over and its sockets are closed. */
    CompletableFuture<SessionEnd> ended();
}
