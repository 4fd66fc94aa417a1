package org.nvr.storage.segment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the channel a new segment file is written through: the one place where tests inject disk faults
 * (ENOSPC, EROFS, EIO at a write, an fsync, the truncation after a failure) below the writer, after Moonfire NVR's
 * injected {@code Opener}. Production uses {@link #DEFAULT}.
 */
@FunctionalInterface
public interface SegmentChannelFactory {
    /** {@code O_CREAT|O_EXCL} for writing: a segment file is never overwritten. */
    SegmentChannelFactory DEFAULT = file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    /**
     * Creates {@code file}, which must not exist, and opens it for writing.
     *
     * @throws java.nio.file.FileAlreadyExistsException if it exists
     */
    FileChannel create(Path file) throws IOException;
}
