package org.nvr.core.rtsp.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One attempt at receiving a camera stream; ends once. The seam that lets ingest be tested without a camera. */
public interface StreamSession {
    /** Starts connecting; media goes to the listener given when the session was made. */
    void start();

    /** Ends the session as the NVR's decision; {@link #ended()} then completes with {@code requested=true}. */
    void close();

    /** Completes once, when the session is over and its sockets are closed. */
    CompletableFuture<SessionEnd> ended();

    /**
     * The camera's clock minus ours, from its last RTCP Sender Report (empty before one, or for sessions that do
     * not know). May be called from any thread.
     */
    default Optional<Duration> cameraClockOffset() {
        return Optional.empty();
    }
}
