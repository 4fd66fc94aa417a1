package org.nvr.storage.check;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nvr.storage.check.CheckProblem.Kind;

/**
 * What {@link StorageCheck#verify} found.
 *
 * @param rowsChecked   index rows compared with their files
 * @param filesChecked  segment files found on disk
 * @param hashesChecked whether every file was read (SHA-256 and structure)
 * @param counts        problems by kind (every kind present, 0 when none)
 * @param problems      the first problems found, at most the check's bound (the log has all of them)
 */
public record CheckReport(long rowsChecked, long filesChecked, boolean hashesChecked, Map<Kind, Long> counts,
                          List<CheckProblem> problems) {
    public CheckReport {
        Objects.requireNonNull(counts, "counts");
        Map<Kind, Long> all = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            all.put(kind, counts.getOrDefault(kind, 0L));
        }
        counts = Map.copyOf(all);
        problems = List.copyOf(problems);
    }

    /** Problems of one kind. */
    public long count(Kind kind) {
        return counts.get(kind);
    }

    /** True when index and files agree (unknown files aside: they are listed, not inconsistencies). */
    public boolean clean() {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.UNKNOWN_FILE && count(kind) > 0) {
                return false;
            }
        }
        return true;
    }

    /** A report for humans: a summary line, then one line per listed problem. */
    public String format() {
        StringBuilder text = new StringBuilder();
        text.append(clean() ? "OK" : "PROBLEMS").append(": ").append(rowsChecked).append(" index rows, ")
                .append(filesChecked).append(" segment files").append(hashesChecked ? " (contents and SHA-256 read)"
                        : " (sizes only; --hashes reads every file)").append('\n');
        for (Kind kind : Kind.values()) {
            if (count(kind) > 0) {
                text.append("  ").append(kind.name().toLowerCase().replace('_', ' ')).append(": ")
                        .append(count(kind)).append('\n');
            }
        }
        long listed = problems.size();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        for (CheckProblem p : problems) {
            text.append(p.kind()).append(' ').append(p.path()).append(": ").append(p.detail()).append('\n');
        }
        if (total > listed) {
            text.append("... and ").append(total - listed).append(" more (see the log)\n");
        }
        return text.toString();
    }
}
