package org.nvr.storage.lifecycle;

import org.nvr.storage.fs.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where segment files that cannot be indexed go: moved out of the recordings tree, keeping their relative path, and
 * never deleted (they may be evidence, and a human decides). Retention never sees them, so they must be looked at:
 * each move is logged at WARN and listed in the report of whoever moved it.
 */
public final class Quarantine {
    /** Attempts to find a free name when the same path was quarantined before. */
    private static final int MAX_NAME_ATTEMPTS = 1000;
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final Path recordingsRoot;
    private final Path directory;

    /**
     * @param recordingsRoot the recordings root
     * @param directory      the quarantine directory, created when first needed; best on the same file system as
     *                       the root ({@code <recordingsRoot>/../quarantine}) so that a move is a rename
     */
    public Quarantine(Path recordingsRoot, Path directory) {
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Moves {@code root/relative} to {@code quarantine/relative} (with {@code .1}, {@code .2} ... appended when that
     * name is taken), durably: the new name's directory and the old one's are fsynced.
     *
     * @param why logged with the move
     * @return the new path
     */
    public Path move(Path relative, String why) throws IOException {
        Path source = recordingsRoot.resolve(relative);
        Path target = freeName(directory.resolve(relative));
        DurableFiles.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Another file system: copy, make the copy durable, and only then remove the original.
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            DurableFiles.fsyncDirectory(target.getParent());
            Files.delete(source);
        }
        DurableFiles.fsyncDirectory(target.getParent());
        DurableFiles.fsyncDirectory(source.getParent());
        log.warn("Quarantined {} as {}: {}", relative, target, why);
        return target;
    }

    /** The quarantine directory. */
    public Path directory() {
        return directory;
    }

    private static Path freeName(Path wanted) throws IOException {
        if (!Files.exists(wanted)) {
            return wanted;
        }
        for (int i = 1; i <= MAX_NAME_ATTEMPTS; i++) {
            Path candidate = wanted.resolveSibling(wanted.getFileName() + "." + i);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IOException("quarantine already holds " + MAX_NAME_ATTEMPTS + " copies of " + wanted);
    }
}
