package org.nvr.core.playback;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.nvr.core.record.StreamKey;

/**
 * Reads recorded video back for playback (RTSP {@code Range: clock=...}, ONVIF Profile G replay style). Implemented
 * by storage over the index and the segment files.
 */
public interface RecordingReader {
    /**
     * Opens a cursor at the keyframe at or before {@code from}; when {@code from} falls in a gap or before the
     * first recording, at the first keyframe after it. Empty if nothing is recorded at or after {@code from}.
     */
    Optional<PlaybackCursor> open(StreamKey stream, Instant from) throws IOException;
}
