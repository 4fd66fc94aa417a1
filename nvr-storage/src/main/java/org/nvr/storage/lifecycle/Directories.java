package org.nvr.storage.lifecycle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Directory durability on Linux: a created, renamed or removed name is durable only once its directory is fsynced
 * ({@code fsync(2)}: "Calling fsync() does not necessarily ensure that the entry in the directory containing the
 * file has also reached disk"). The segment package has the same helper for the writer's side.
 */
final class Directories {
    private Directories() {
    }

    /** Fsyncs a directory: opening it for reading and forcing works on Linux. */
    static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Creates {@code dir} and its missing parents, fsyncing the parent of each one created. */
    static void create(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
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
            }
            fsync(p.getParent());
        }
    }
}
