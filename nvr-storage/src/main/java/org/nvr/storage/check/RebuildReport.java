package org.nvr.storage.check;

import java.util.Objects;
import org.nvr.storage.lifecycle.Findings;

/**
 * What {@link StorageCheck#rebuild} did. Paths are relative to the recordings root.
 *
 * @param filesScanned  segment files found on disk
 * @param added         complete files that had no row, now indexed (end reason {@code RECOVERED}: files do not
 *                      store why they ended)
 * @param truncated     partial files that had no row, cut back to their last complete fragment and indexed
 * @param quarantined   files without a row that could not be indexed, moved to the quarantine
 * @param removedRows   index rows whose file was gone, removed by the deletion protocol
 * @param unknownFiles  entries that are not segment files (left alone)
 * @param failed        files that could neither be indexed nor quarantined (left in place; see the log)
 */
public record RebuildReport(long filesScanned, Findings added, Findings truncated, Findings quarantined,
                            Findings removedRows, Findings unknownFiles, Findings failed) {
    public RebuildReport {
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(truncated, "truncated");
        Objects.requireNonNull(quarantined, "quarantined");
        Objects.requireNonNull(removedRows, "removedRows");
        Objects.requireNonNull(unknownFiles, "unknownFiles");
        Objects.requireNonNull(failed, "failed");
    }

    /** True when the index already matched the files. */
    public boolean unchanged() {
        return added.isEmpty() && truncated.isEmpty() && quarantined.isEmpty() && removedRows.isEmpty();
    }

    /** A report for humans. */
    public String format() {
        StringBuilder text = new StringBuilder();
        text.append("rebuild: ").append(filesScanned).append(" segment files; ").append(added.count())
                .append(" indexed, ").append(truncated.count()).append(" partial files cut back and indexed, ")
                .append(quarantined.count()).append(" quarantined, ").append(removedRows.count())
                .append(" rows without a file removed, ").append(unknownFiles.count()).append(" unknown files, ")
                .append(failed.count()).append(" failed\n");
        list(text, "indexed", added);
        list(text, "cut back", truncated);
        list(text, "quarantined", quarantined);
        list(text, "row removed", removedRows);
        list(text, "unknown", unknownFiles);
        list(text, "failed", failed);
        return text.toString();
    }

    private static void list(StringBuilder text, String what, Findings findings) {
        findings.paths().forEach(p -> text.append(what).append(' ').append(p).append('\n'));
        if (findings.count() > findings.paths().size()) {
            text.append(what).append(": ").append(findings.count() - findings.paths().size())
                    .append(" more (see the log)\n");
        }
    }
}
