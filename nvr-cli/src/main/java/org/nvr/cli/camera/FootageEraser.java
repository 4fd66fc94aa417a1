package org.nvr.cli.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.nvr.core.record.SegmentRow;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.SegmentDeleter;

/**
 * Deletes all footage of a removed camera through {@link SegmentDeleter}, the same crash-safe path retention uses
 * (row to garbage, unlink, fsync the directory, delete the garbage row), oldest first, one page at a time.
 */
public final class FootageEraser {
    /** Deletion reason, a metric tag of {@code nvr.storage.deleted.*}. */
    public static final String REASON = "camera_removed";
    /** Segment rows read per query. */
    static final int PAGE = 500;

    /**
     * What was deleted.
     *
     * @param segments segment files deleted
     * @param bytes    their bytes
     */
    public record Erased(long segments, long bytes) {
    }

    private final H2RecordingIndex index;
    private final SegmentDeleter deleter;

    public FootageEraser(H2RecordingIndex index, SegmentDeleter deleter) {
        this.index = Objects.requireNonNull(index, "index");
        this.deleter = Objects.requireNonNull(deleter, "deleter");
    }

    /**
     * Deletes every segment of {@code cameraId}; call after its recorders stopped.
     *
     * @throws UncheckedIOException when a file cannot be unlinked: its row is garbage already (out of every
     *                              listing), and the next startup sweep retries it
     */
    public Erased erase(String cameraId) {
        long segments = 0;
        long bytes = 0;
        while (true) {
            List<SegmentRow> page = index.oldestSegments(cameraId, PAGE);
            if (page.isEmpty()) {
                return new Erased(segments, bytes);
            }
            for (SegmentRow row : page) {
                try {
                    if (deleter.delete(row, REASON)) {
                        segments++;
                        bytes += row.bytes();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete footage of camera " + cameraId, e);
                }
            }
        }
    }
}
