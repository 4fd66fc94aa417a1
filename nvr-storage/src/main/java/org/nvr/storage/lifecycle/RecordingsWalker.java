package org.nvr.storage.lifecycle;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.storage.segment.SegmentPathParts;
import org.nvr.storage.segment.SegmentPaths;

/**
 * Walks the recordings tree as {@link SegmentPaths} lays it out, {@code <camera>/<yyyy>/<mm>/<dd>/<file>}: never
 * deeper than those five levels, never following symbolic links, and never reading a file's contents (one
 * {@code lstat} per entry gives its type and size). Segment files are handed over one day directory at a time, in
 * batches of at most {@code batchFiles}, so memory stays bounded however many files a store holds (200 cameras x 30
 * days x 1440 segments a day is 8.6 million files). Camera and date directories are visited in name order (that is,
 * time order); a batch is sorted by name.
 *
 * <p>Anything else (files above the day level, directories at the file level, symbolic links, names that are not
 * segment names, entries that cannot be read) is reported as unknown and left alone.
 */
public final class RecordingsWalker {
    /** Segment files handed over per batch by default. */
    public static final int DEFAULT_BATCH_FILES = 10_000;
    /**
     * Most entries read from a camera, year or month directory: those hold tens of entries; a directory with more
     * is not a recordings tree (a wrong root such as {@code /}), and the rest are reported once as unknown.
     */
    public static final int MAX_UPPER_DIRECTORY_ENTRIES = 100_000;
    /** Levels of a segment path: camera, year, month, day, file. */
    private static final int DAY_DEPTH = 4;

    /** A segment file found on disk. */
    public record SegmentFile(Path relative, SegmentPathParts parts, long bytes) {
        public SegmentFile {
            Objects.requireNonNull(relative, "relative");
            Objects.requireNonNull(parts, "parts");
        }
    }

    /** Receives what the walk finds. */
    public interface Visitor {
        /** Up to one batch of segment files of one day directory (relative to the root), sorted by name. */
        void segments(Path dayDirectory, List<SegmentFile> files) throws IOException;

        /** An entry that is not part of the layout (or could not be read), with why. */
        void unknown(Path relative, String why);
    }

    private final Path root;
    private final int batchFiles;

    /**
     * @param root       the recordings root
     * @param batchFiles segment files per {@link Visitor#segments} call, at least 1
     */
    public RecordingsWalker(Path root, int batchFiles) {
        this.root = Objects.requireNonNull(root, "root");
        if (batchFiles < 1) {
            throw new IllegalArgumentException("batchFiles must be >= 1: " + batchFiles);
        }
        this.batchFiles = batchFiles;
    }

    /**
     * Walks the whole tree.
     *
     * @throws IOException when the root itself is not a readable directory, or the visitor throws
     */
    public void walk(Visitor visitor) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("recordings root is not a directory: " + root);
        }
        walkUpper(Path.of(""), 0, visitor);
    }

    /** A camera, year or month directory (or the root): only directories belong here. */
    private void walkUpper(Path relative, int depth, Visitor visitor) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(relative))) {
            for (Path entry : entries) {
                if (children.size() >= MAX_UPPER_DIRECTORY_ENTRIES) {
                    visitor.unknown(relative, "more than " + MAX_UPPER_DIRECTORY_ENTRIES
                            + " entries: the rest of this directory was not walked");
                    break;
                }
                children.add(relative.resolve(entry.getFileName().toString()));
            }
        } catch (IOException | DirectoryIteratorException e) {
            if (depth == 0) {
                throw e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
            }
            visitor.unknown(relative, "unreadable directory: " + e);
            return;
        }
        Collections.sort(children);
        for (Path child : children) {
            BasicFileAttributes attributes = attributes(child, visitor);
            if (attributes == null) {
                continue;
            }
            if (!attributes.isDirectory()) {
                visitor.unknown(child, attributes.isSymbolicLink() ? "symbolic link (not followed)"
                        : "not a directory at the " + levelName(depth + 1) + " level");
            } else if (depth + 1 == DAY_DEPTH) {
                walkDay(child, visitor);
            } else {
                walkUpper(child, depth + 1, visitor);
            }
        }
    }

    /** A day directory: segment files only. Streamed in batches, since it may be large. */
    private void walkDay(Path relative, Visitor visitor) throws IOException {
        DirectoryStream<Path> entries;
        try {
            entries = Files.newDirectoryStream(root.resolve(relative));
        } catch (IOException e) {
            visitor.unknown(relative, "unreadable directory: " + e);
            return;
        }
        List<SegmentFile> batch = new ArrayList<>();
        try (entries) {
            for (Path entry : entries) {
                Path child = relative.resolve(entry.getFileName().toString());
                BasicFileAttributes attributes = attributes(child, visitor);
                if (attributes == null) {
                    continue;
                }
                Optional<SegmentPathParts> parts = SegmentPaths.parse(child);
                if (!attributes.isRegularFile()) {
                    visitor.unknown(child, attributes.isSymbolicLink() ? "symbolic link (not followed)"
                            : "not a regular file");
                } else if (parts.isEmpty()) {
                    visitor.unknown(child, "not a segment file name");
                } else {
                    batch.add(new SegmentFile(child, parts.get(), attributes.size()));
                    if (batch.size() >= batchFiles) {
                        flush(relative, batch, visitor);
                    }
                }
            }
        } catch (DirectoryIteratorException e) {
            visitor.unknown(relative, "directory read failed part way: " + e.getCause());
        }
        flush(relative, batch, visitor);
    }

    private static void flush(Path day, List<SegmentFile> batch, Visitor visitor) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        batch.sort((a, b) -> a.relative().compareTo(b.relative()));
        visitor.segments(day, List.copyOf(batch));
        batch.clear();
    }

    private BasicFileAttributes attributes(Path relative, Visitor visitor) {
        try {
            return Files.readAttributes(root.resolve(relative), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // Deleted between the listing and now (retention), or unreadable.
            visitor.unknown(relative, "cannot read attributes: " + e);
            return null;
        }
    }

    private static String levelName(int depth) {
        switch (depth) {
            case 1:
                return "camera";
            case 2:
                return "year";
            case 3:
                return "month";
            default:
                return "day";
        }
    }
}
