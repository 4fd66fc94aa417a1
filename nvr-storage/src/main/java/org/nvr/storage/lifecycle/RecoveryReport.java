package org.nvr.storage.lifecycle;

import java.util.Objects;

/**
 * What {@link StartupRecovery#run} found and did. Paths are relative to the recordings root.
 *
 * @param garbageFinished deletions a crash had interrupted, finished now
 * @param recovered       files without an index row that were cut back to their last complete fragment and indexed
 * @param quarantined     files without an index row that could not be indexed, moved to the quarantine
 * @param missingFiles    index rows whose file is gone (rows kept: {@code nvr check} decides)
 * @param sizeMismatches  index rows whose file is larger or smaller than the row says (rows and files kept)
 * @param unknownFiles    entries of the recordings tree that are not segment files (left alone)
 * @param failed          files that could neither be indexed nor quarantined (left in place; see the log)
 */
public record RecoveryReport(int garbageFinished, Findings recovered, Findings quarantined, Findings missingFiles,
                             Findings sizeMismatches, Findings unknownFiles, Findings failed) {
    public RecoveryReport {
        Objects.requireNonNull(recovered, "recovered");
        Objects.requireNonNull(quarantined, "quarantined");
        Objects.requireNonNull(missingFiles, "missingFiles");
        Objects.requireNonNull(sizeMismatches, "sizeMismatches");
        Objects.requireNonNull(unknownFiles, "unknownFiles");
        Objects.requireNonNull(failed, "failed");
        if (garbageFinished < 0) {
            throw new IllegalArgumentException("garbageFinished must be >= 0: " + garbageFinished);
        }
    }

    /** True when files and index agreed (pending garbage and unknown files aside). */
    public boolean clean() {
        return recovered.isEmpty() && quarantined.isEmpty() && missingFiles.isEmpty() && sizeMismatches.isEmpty()
                && failed.isEmpty();
    }

    /** One line for the log. */
    public String summary() {
        return "startup recovery: " + garbageFinished + " pending deletions finished, " + recovered.countText()
                + " partial segments recovered, " + quarantined.countText() + " quarantined, "
                + missingFiles.countText() + " indexed files missing, " + sizeMismatches.countText()
                + " size mismatches, " + unknownFiles.countText() + " unknown files, " + failed.countText()
                + " failed";
    }
}
