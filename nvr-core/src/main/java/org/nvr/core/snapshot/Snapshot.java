package org.nvr.core.snapshot;

import java.time.Instant;
import java.util.Objects;
import org.nvr.core.model.ClockSource;

/**
 * A still picture of a camera stream.
 *
 * @param jpeg        the JPEG file
 * @param width       picture width, pixels (after cropping)
 * @param height      picture height, pixels
 * @param capturedAt  wall-clock time of the keyframe it was decoded from
 * @param clockSource how {@code capturedAt} was obtained
 */
public record Snapshot(byte[] jpeg, int width, int height, Instant capturedAt, ClockSource clockSource) {
    public Snapshot {
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(clockSource, "clockSource");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad picture size " + width + "x" + height);
        }
    }

    @Override
    public String toString() {
        return "Snapshot[" + width + "x" + height + ", " + jpeg.length + " bytes, " + capturedAt + "]";
    }
}
