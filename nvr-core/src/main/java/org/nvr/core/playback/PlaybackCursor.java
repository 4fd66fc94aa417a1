package org.nvr.core.playback;

import java.io.IOException;
import org.nvr.core.model.StreamItem;

/**
 * Recorded video in wall-clock order, one item at a time, crossing segment boundaries and gaps. Not thread-safe:
 * one playback session drives it.
 *
 * <p>Items, in order:
 * <ul>
 *   <li>{@link org.nvr.core.model.VideoParameters} first, and again whenever the parameter sets change;</li>
 *   <li>{@link org.nvr.core.model.AccessUnit}s with {@code wallClock} the recorded wall time of the frame and
 *       {@code pts90k} that wall time in 90 kHz ticks since the epoch (so it is continuous across segment
 *       boundaries and jumps forward by exactly the gap across a gap); the first one is a keyframe;</li>
 *   <li>{@link org.nvr.core.model.Gap} between two access units when the recording has no video between them
 *       for more than half a second, with the cause from the index when it has a gap row there.</li>
 * </ul>
 */
public interface PlaybackCursor extends AutoCloseable {
    /** The next item, or null at the end of what is recorded so far. */
    StreamItem next() throws IOException;

    /** Releases open files. */
    @Override
    void close();
}
