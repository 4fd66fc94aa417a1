package org.nvr.core.time;

import java.time.Instant;
import java.util.Objects;
import org.nvr.core.model.ClockSource;

/**
 * The wall-clock time given to one access unit.
 *
 * @param wallClock UTC time of the access unit
 * @param source    what the time follows: the camera's Sender Reports or our receive clock
 * @param stepped   true when the time jumped instead of being slewed (a discontinuity: the recorder starts
 *                  a new segment, DESIGN.md "Time")
 */
public record WallClockMapping(Instant wallClock, ClockSource source, boolean stepped) {
    public WallClockMapping {
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(source, "source");
    }
}
