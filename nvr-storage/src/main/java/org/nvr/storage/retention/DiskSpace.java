package org.nvr.storage.retention;

import java.io.IOException;
import java.nio.file.FileStore;
import java.util.Objects;

/** Usable space of the recordings file system. A test seam: tests give a fake that grows as files are deleted. */
@FunctionalInterface
public interface DiskSpace {
    /** Bytes this process may still write ({@code statvfs} {@code f_bavail}). */
    long usableBytes() throws IOException;

    /** The usable space of a real file store. */
    static DiskSpace of(FileStore store) {
        Objects.requireNonNull(store, "store");
        return store::getUsableSpace;
    }
}
