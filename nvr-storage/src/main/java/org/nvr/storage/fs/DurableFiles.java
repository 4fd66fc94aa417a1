package org.nvr.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Directory durability on Linux: a new or removed name is durable only once its directory is fsynced
 * ({@code fsync(2)}: "Calling fsync() does not necessarily ensure that the entry in the directory containing the
 * file has also reached disk"). Moonfire NVR's design/schema.md follows the same protocol.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /** Fsyncs a directory: opening it for reading and forcing works on Linux (not on Windows). */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** A directory fsync: {@link #fsyncDirectory}, or a caller's wrapper that also times or counts it. */
    @FunctionalInterface
    public interface DirectoryFsync {
        void fsync(Path dir) throws IOException;
    }

    /**
     * Creates the missing directories from {@code root} (which must exist: a missing root usually means an
     * unmounted disk, and recording onto the root file system instead would fill it) down to {@code dir}, and fsyncs
     * the parent of each one created.
     */
    public static void createDirectories(Path root, Path dir) throws IOException {
        createDirectories(root, dir, DurableFiles::fsyncDirectory);
    }

    /** {@link #createDirectories(Path, Path)}, fsyncing each parent with {@code fsync}. */
    public static void createDirectories(Path root, Path dir, DirectoryFsync fsync) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("storage root is not a directory (not mounted?): " + root);
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; !p.equals(root) && !Files.isDirectory(p); p = p.getParent()) {
            if (p.getParent() == null) {
                throw new IOException(dir + " is not under the storage root " + root);
            }
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // Another recorder made it concurrently; it fsyncs the parent, so do we (cheap, idempotent).
            }
            fsync.fsync(p.getParent());
        }
    }

    /** Creates {@code dir} and its missing parents below the nearest existing ancestor, fsyncing each parent. */
    public static void createDirectories(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no existing ancestor of " + dir);
        }
        createDirectories(existing, dir.toAbsolutePath());
    }
}
