package org.nvr.storage.check;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One disagreement between the index and the files.
 *
 * @param kind   what is wrong
 * @param path   the file, relative to the recordings root
 * @param detail sizes, hashes or the scanner's problem text
 */
public record CheckProblem(Kind kind, Path path, String detail) {
    /** What can be wrong. */
    public enum Kind {
        /** An index row whose file is gone. */
        MISSING_FILE,
        /** An index row whose file has another size. */
        SIZE_MISMATCH,
        /** An index row whose file has another SHA-256 (same size: bytes changed in place). */
        HASH_MISMATCH,
        /** A file the scanner finds truncated or malformed. */
        CORRUPT,
        /** A segment file without an index row. */
        ORPHAN_FILE,
        /** An entry of the recordings tree that is not a segment file (not an inconsistency; listed for humans). */
        UNKNOWN_FILE
    }

    public CheckProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(detail, "detail");
    }
}
