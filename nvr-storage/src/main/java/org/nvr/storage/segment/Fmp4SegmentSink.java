package org.nvr.storage.segment;

import org.nvr.storage.fs.DurableFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.nvr.core.record.SegmentSink;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentWriter;

/**
 * Creates segment files under a storage root, laid out by {@link SegmentPaths}. Thread-safe: it holds no mutable
 * state, and each file is created with {@code O_EXCL} so two writers can never share one.
 */
public final class Fmp4SegmentSink implements SegmentSink {
    private final Path root;
    private final SegmentWriterOptions options;

    /**
     * @param root    the storage root; must exist when segments are created (a missing root usually means an
     *                unmounted disk)
     * @param options fragment duration, fsync policy and fragment byte bound
     */
    public Fmp4SegmentSink(Path root, SegmentWriterOptions options) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Creates the missing date directories (fsyncing the parent of each), then the file itself with
     * {@code CREATE_NEW}, and writes its init segment.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (never overwritten)
     */
    @Override
    public SegmentWriter create(SegmentStart start) throws IOException {
        Path relative = SegmentPaths.relativePath(start);
        DurableFiles.createDirectories(root, root.resolve(relative).getParent());
        return Fmp4SegmentWriter.create(root, relative, start, options);
    }

    /** The storage root, absolute. */
    public Path root() {
        return root;
    }
}
