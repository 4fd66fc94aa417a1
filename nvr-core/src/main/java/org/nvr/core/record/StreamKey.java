package org.nvr.core.record;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A camera stream: camera id and stream name ({@code main}, {@code sub}). Both are safe as path segments and
 * metric tags: lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters.
 */
public record StreamKey(String cameraId, String streamName) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public StreamKey {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(streamName, "streamName");
        if (!NAME.matcher(cameraId).matches()) {
            throw new IllegalArgumentException("camera id must match " + NAME.pattern() + ": '" + cameraId + "'");
        }
        if (!NAME.matcher(streamName).matches()) {
            throw new IllegalArgumentException("stream name must match " + NAME.pattern() + ": '" + streamName + "'");
        }
    }

    @Override
    public String toString() {
        return cameraId + "/" + streamName;
    }
}
