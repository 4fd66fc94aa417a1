package org.nvr.core.camera;

import java.time.Instant;
import org.nvr.core.model.ClockSource;

/**
 * A snapshot of one camera stream's ingest, for status pages and the admin API.
 *
 * @param state            connecting, streaming, backoff or stopped
 * @param lastFrameWall    wall-clock time of the last access unit, or null if none yet
 * @param clockSource      how the last unit's wall time was obtained, or null
 * @param reconnects       session attempts after a failure, since start
 * @param lastFailure      the last session's end reason, or null
 * @param frames           access units delivered since start
 */
public record IngestStatus(IngestState state, Instant lastFrameWall, ClockSource clockSource, long reconnects,
                           String lastFailure, long frames) {
}
