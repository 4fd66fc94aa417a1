package org.nvr.storage.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.SegmentRow;
import org.nvr.storage.check.CheckProblem.Kind;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.DayRows;
import org.nvr.storage.lifecycle.Findings;
import org.nvr.storage.lifecycle.OrphanIndexer;
import org.nvr.storage.lifecycle.Quarantine;
import org.nvr.storage.lifecycle.RecordingsWalker;
import org.nvr.storage.lifecycle.RecordingsWalker.SegmentFile;
import org.nvr.storage.lifecycle.SegmentDeleter;
import org.nvr.storage.segment.ScanResult;
import org.nvr.storage.segment.SegmentFileScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nvr check}: compares the index with the segment files, and rebuilds index rows from the files, which
 * describe themselves (DESIGN.md, "Segment files": "self-describing ... so {@code nvr check} can rebuild the index
 * from disk alone"). Offline: run it while no recorder writes to the store. Bad files are reported, never thrown.
 */
public final class StorageCheck {
    /** Index rows read per query. */
    public static final int ROW_PAGE = 1000;
    /** The deletion reason of rows removed by {@link #rebuild} because their file is gone. */
    public static final String FILE_MISSING_REASON = "file_missing";
    private static final Logger log = LoggerFactory.getLogger(StorageCheck.class);

    private final H2RecordingIndex index;
    private final Path recordingsRoot;
    private final OrphanIndexer orphans;
    private final SegmentDeleter deleter;
    private final int maxListed;

    /** Lists at most {@link Findings#DEFAULT_MAX_LISTED} problems per report. */
    public StorageCheck(H2RecordingIndex index, Path recordingsRoot, Quarantine quarantine, SegmentDeleter deleter) {
        this(index, recordingsRoot, quarantine, deleter, Findings.DEFAULT_MAX_LISTED);
    }

    /**
     * @param quarantine where {@link #rebuild} moves files it cannot index
     * @param deleter    removes rows whose file is gone ({@link #rebuild})
     * @param maxListed  problems or paths listed per report (all are logged)
     */
    public StorageCheck(H2RecordingIndex index, Path recordingsRoot, Quarantine quarantine, SegmentDeleter deleter,
                        int maxListed) {
        this.index = Objects.requireNonNull(index, "index");
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.orphans = new OrphanIndexer(index, recordingsRoot, quarantine);
        this.deleter = Objects.requireNonNull(deleter, "deleter");
        if (maxListed < 0) {
            throw new IllegalArgumentException("maxListed must be >= 0: " + maxListed);
        }
        this.maxListed = maxListed;
    }

    /**
     * Checks every index row against its file (exists, same size; with {@code hashes}, same SHA-256 and a clean
     * scan) and every segment file for a row (with {@code hashes}, orphans are scanned too). Changes nothing.
     *
     * @throws IOException when the recordings root cannot be read
     */
    public CheckReport verify(boolean hashes) throws IOException {
        Verify verify = new Verify(hashes);
        long afterId = 0;
        for (List<SegmentRow> page = index.segmentsAfterId(afterId, ROW_PAGE); !page.isEmpty();
             page = index.segmentsAfterId(afterId, ROW_PAGE)) {
            for (SegmentRow row : page) {
                afterId = row.id();
                verify.row(row);
            }
        }
        new RecordingsWalker(recordingsRoot, RecordingsWalker.DEFAULT_BATCH_FILES).walk(verify);
        CheckReport report = new CheckReport(verify.rows, verify.files, hashes, verify.counts, verify.problems);
        log.info("Check: {}", report.format().lines().findFirst().orElse(""));
        return report;
    }

    /**
     * Makes the index match the files without touching what already matches: a segment file without a row is
     * indexed (a partial one is first cut back to its last complete fragment; one that cannot be indexed is
     * quarantined), and a row whose file is gone is removed by the deletion protocol. Safe on a populated index and
     * idempotent. Rebuilt rows have end reason {@code RECOVERED}: a file does not record why it ended.
     *
     * @throws IOException  when the recordings root cannot be read
     * @throws NvrException when the index fails
     */
    public RebuildReport rebuild() throws IOException {
        Rebuild rebuild = new Rebuild();
        new RecordingsWalker(recordingsRoot, RecordingsWalker.DEFAULT_BATCH_FILES).walk(rebuild);
        Findings.Collector removed = new Findings.Collector(maxListed);
        long afterId = 0;
        for (List<SegmentRow> page = index.segmentsAfterId(afterId, ROW_PAGE); !page.isEmpty();
             page = index.segmentsAfterId(afterId, ROW_PAGE)) {
            for (SegmentRow row : page) {
                afterId = row.id();
                if (!Files.exists(recordingsRoot.resolve(row.path()), LinkOption.NOFOLLOW_LINKS)
                        && deleter.delete(row, FILE_MISSING_REASON)) {
                    removed.add(row.path());
                }
            }
        }
        RebuildReport report = new RebuildReport(rebuild.files, rebuild.added.findings(), rebuild.truncated.findings(),
                rebuild.quarantined.findings(), removed.findings(), rebuild.unknown.findings(),
                rebuild.failed.findings());
        log.info("{}", report.format().lines().findFirst().orElse(""));
        return report;
    }

    /** One verification's state. */
    private final class Verify implements RecordingsWalker.Visitor {
        final boolean hashes;
        final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        final List<CheckProblem> problems = new ArrayList<>();
        long rows;
        long files;

        Verify(boolean hashes) {
            this.hashes = hashes;
        }

        void row(SegmentRow row) {
            rows++;
            Path file = recordingsRoot.resolve(row.path());
            try {
                long size = Files.size(file);
                if (size != row.bytes()) {
                    problem(Kind.SIZE_MISMATCH, row.path(), "file has " + size + " bytes, index says "
                            + row.bytes());
                    return;
                }
                if (!hashes) {
                    return;
                }
                ScanResult scan = SegmentFileScanner.scan(file);
                if (!scan.complete()) {
                    problem(Kind.CORRUPT, row.path(), scan.problem());
                }
                String sha256 = SegmentFileScanner.sha256(file);
                if (!sha256.equals(row.sha256())) {
                    problem(Kind.HASH_MISMATCH, row.path(), "SHA-256 " + sha256 + ", index says " + row.sha256());
                }
            } catch (NoSuchFileException e) {
                problem(Kind.MISSING_FILE, row.path(), "indexed segment " + row.stream() + " #" + row.sequence()
                        + " [" + row.startUtc() + " .. " + row.endUtc() + "] has no file");
            } catch (IOException e) {
                problem(Kind.CORRUPT, row.path(), "cannot be read: " + e);
            }
        }

        @Override
        public void segments(Path dayDirectory, List<SegmentFile> batch) {
            DayRows dayRows = DayRows.load(index, dayDirectory, batch);
            for (SegmentFile file : batch) {
                files++;
                if (dayRows.rowOf(file).isPresent()) {
                    continue;
                }
                String detail = "segment file without an index row (" + file.bytes() + " bytes)";
                if (hashes) {
                    try {
                        ScanResult scan = SegmentFileScanner.scan(recordingsRoot.resolve(file.relative()));
                        detail += scan.complete() ? ", complete" : ": " + scan.problem();
                    } catch (IOException e) {
                        detail += ", cannot be read: " + e;
                    }
                }
                problem(Kind.ORPHAN_FILE, file.relative(), detail);
            }
        }

        @Override
        public void unknown(Path relative, String why) {
            problem(Kind.UNKNOWN_FILE, relative, why);
        }

        private void problem(Kind kind, Path path, String detail) {
            counts.merge(kind, 1L, Long::sum);
            if (problems.size() < maxListed) {
                problems.add(new CheckProblem(kind, path, detail));
            }
            log.warn("Check: {} {}: {}", kind, path, detail);
        }
    }

    /** One rebuild's state. */
    private final class Rebuild implements RecordingsWalker.Visitor {
        final Findings.Collector added = new Findings.Collector(maxListed);
        final Findings.Collector truncated = new Findings.Collector(maxListed);
        final Findings.Collector quarantined = new Findings.Collector(maxListed);
        final Findings.Collector unknown = new Findings.Collector(maxListed);
        final Findings.Collector failed = new Findings.Collector(maxListed);
        long files;

        @Override
        public void segments(Path dayDirectory, List<SegmentFile> batch) {
            DayRows dayRows = DayRows.load(index, dayDirectory, batch);
            for (SegmentFile file : batch) {
                files++;
                if (dayRows.rowOf(file).isEmpty()) {
                    index(file);
                }
            }
        }

        @Override
        public void unknown(Path relative, String why) {
            unknown.add(relative);
            log.warn("Rebuild: unknown entry left alone: {} ({})", relative, why);
        }

        private void index(SegmentFile file) {
            switch (orphans.index(file)) {
                case INDEXED:
                    added.add(file.relative());
                    break;
                case TRUNCATED:
                    truncated.add(file.relative());
                    break;
                case QUARANTINED:
                    quarantined.add(file.relative());
                    break;
                default:
                    failed.add(file.relative());
                    break;
            }
        }
    }
}
