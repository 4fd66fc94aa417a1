package org.nvr.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An interruption of a stream: no video between {@code start} and {@code end}, for {@code cause}.
 *
 * @param start  wall-clock time just after the last access unit before the interruption
 * @param end    wall-clock time of the first access unit after it
 * @param cause  why
 * @param detail a human-readable reason (never contains credentials)
 */
public record Gap(Instant start, Instant end, GapCause cause, String detail) implements StreamItem {
    public Gap {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(detail, "detail");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("gap ends before it starts: " + start + " > " + end);
        }
    }
}
