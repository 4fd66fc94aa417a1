package org.nvr.storage.index;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A file whose segment row is gone but which may still be on disk: the deletion protocol unlinks it, fsyncs its
 * directory, then deletes this row ({@link H2RecordingIndex#deleteGarbage}).
 *
 * @param id       garbage row id
 * @param path     the file, relative to the storage root
 * @param bytes    its size when marked
 * @param reason   why it is deleted
 * @param markedAt when it was marked
 */
public record GarbageRow(long id, Path path, long bytes, String reason, Instant markedAt) {
    public GarbageRow {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(markedAt, "markedAt");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
    }
}
