package org.nvr.storage.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.record.SegmentRow;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.RecordingsWalker.SegmentFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the recordings tree and the index back in step after a crash (DESIGN.md, "Durability": "On startup: finish
 * garbage, recover the partial segment from the last complete fragment and index it"). Must run before any recorder
 * starts: a file being written would look like a crashed one and be cut back.
 *
 * <ol>
 * <li>Finish the deletions a crash interrupted ({@link SegmentDeleter#finishPendingGarbage}).</li>
 * <li>Walk the tree ({@link RecordingsWalker}). A segment file with an index row is compared by size only (never
 * read). A file without a row is what a crash leaves (the writer creates the file first and inserts the row last):
 * it is cut back to its last complete fragment, fsynced and indexed with {@code RECOVERED}. A file that cannot be
 * (no complete fragment, metadata that disagrees with its name, rejected by the index) goes to the
 * {@link Quarantine}: evidence is never deleted, and a bad file never stops the start.</li>
 * <li>Report index rows whose file is gone, keeping the rows ({@code nvr check --rebuild} removes them).</li>
 * </ol>
 *
 * <p>Cost when nothing is wrong, for 8.6 million segments (200 cameras x 30 days x 1440 a day): one directory
 * listing and one {@code lstat} per file, and one index range query per stream and day directory
 * ({@link DayRows}), about 12,000 queries, instead of one query per file. Memory is one batch of a day directory
 * and its rows. Missing files are found without a second pass over the index: the walk counts, per camera, the
 * files that have a row; only for a camera whose count falls short of its row count
 * ({@link H2RecordingIndex#span}) are its rows paged through ({@link H2RecordingIndex#segmentsAfterId}) and checked
 * for their file. Holding every indexed path in a set instead would take gigabytes at that scale.
 */
public final class StartupRecovery {
    /** Index rows per page when looking for missing files. */
    public static final int ROW_PAGE = 1000;
    private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

    private final H2RecordingIndex index;
    private final SegmentDeleter deleter;
    private final Path recordingsRoot;
    private final OrphanIndexer orphans;
    private final int batchFiles;
    private final int maxListed;

    /** With {@link RecordingsWalker#DEFAULT_BATCH_FILES} and {@link Findings#DEFAULT_MAX_LISTED}. */
    public StartupRecovery(H2RecordingIndex index, SegmentDeleter deleter, Path recordingsRoot,
                           Quarantine quarantine) {
        this(index, deleter, recordingsRoot, quarantine, RecordingsWalker.DEFAULT_BATCH_FILES,
                Findings.DEFAULT_MAX_LISTED);
    }

    /**
     * @param batchFiles files of a day directory compared with the index at a time (bounds memory)
     * @param maxListed  paths listed per kind in the report (everything is logged)
     */
    public StartupRecovery(H2RecordingIndex index, SegmentDeleter deleter, Path recordingsRoot, Quarantine quarantine,
                           int batchFiles, int maxListed) {
        this.index = Objects.requireNonNull(index, "index");
        this.deleter = Objects.requireNonNull(deleter, "deleter");
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.orphans = new OrphanIndexer(index, recordingsRoot, quarantine);
        if (batchFiles < 1 || maxListed < 0) {
            throw new IllegalArgumentException("batchFiles must be >= 1 and maxListed >= 0: " + batchFiles + ", "
                    + maxListed);
        }
        this.batchFiles = batchFiles;
        this.maxListed = maxListed;
    }

    /**
     * Runs the recovery. Bad files are reported, never thrown.
     *
     * @throws IOException   when the recordings root cannot be read
     * @throws NvrException  when the index fails (it must work for the NVR to start)
     */
    public RecoveryReport run() throws IOException {
        long startNanos = System.nanoTime();
        int garbage = deleter.finishPendingGarbage();
        Run run = new Run();
        new RecordingsWalker(recordingsRoot, batchFiles).walk(run);
        run.findMissingFiles();
        RecoveryReport report = new RecoveryReport(garbage, run.recovered.findings(), run.quarantined.findings(),
                run.missing.findings(), run.sizeMismatches.findings(), run.unknown.findings(), run.failed.findings());
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        if (report.clean()) {
            log.info("{} ({} segment files in {} ms)", report.summary(), run.files, millis);
        } else {
            log.warn("{} ({} segment files in {} ms)", report.summary(), run.files, millis);
        }
        return report;
    }

    /** One run's state. */
    private final class Run implements RecordingsWalker.Visitor {
        final Findings.Collector recovered = new Findings.Collector(maxListed);
        final Findings.Collector quarantined = new Findings.Collector(maxListed);
        final Findings.Collector missing = new Findings.Collector(maxListed);
        final Findings.Collector sizeMismatches = new Findings.Collector(maxListed);
        final Findings.Collector unknown = new Findings.Collector(maxListed);
        final Findings.Collector failed = new Findings.Collector(maxListed);
        /** Per camera: files that have an index row (found or recovered). Bounded by the number of cameras. */
        final Map<String, Long> indexedFiles = new HashMap<>();
        long files;

        @Override
        public void segments(Path dayDirectory, List<SegmentFile> batch) throws IOException {
            DayRows rows = DayRows.load(index, dayDirectory, batch);
            for (SegmentFile file : batch) {
                files++;
                Optional<SegmentRow> row = rows.rowOf(file);
                if (row.isPresent()) {
                    indexedFiles.merge(file.parts().stream().cameraId(), 1L, Long::sum);
                    if (row.get().bytes() != file.bytes()) {
                        sizeMismatches.add(file.relative());
                        log.warn("{}: the file has {} bytes but its index row says {}", file.relative(),
                                file.bytes(), row.get().bytes());
                    }
                } else {
                    recover(file);
                }
            }
        }

        @Override
        public void unknown(Path relative, String why) {
            unknown.add(relative);
            log.warn("Unknown entry in the recordings tree, left alone: {} ({})", relative, why);
        }

        private void recover(SegmentFile file) {
            switch (orphans.index(file)) {
                case INDEXED:
                case TRUNCATED:
                    recovered.add(file.relative());
                    indexedFiles.merge(file.parts().stream().cameraId(), 1L, Long::sum);
                    break;
                case QUARANTINED:
                    quarantined.add(file.relative());
                    break;
                default:
                    failed.add(file.relative());
                    break;
            }
        }

        /** Checks the rows of cameras with fewer files found than rows. */
        void findMissingFiles() {
            Set<String> shortCameras = new TreeSet<>();
            for (String camera : index.cameras()) {
                long rows = index.span(camera).map(RecordedSpan::segments).orElse(0L);
                if (rows > indexedFiles.getOrDefault(camera, 0L)) {
                    shortCameras.add(camera);
                }
            }
            if (shortCameras.isEmpty()) {
                return;
            }
            log.info("Cameras {} have more index rows than files: checking their rows", shortCameras);
            long afterId = 0;
            for (List<SegmentRow> page = index.segmentsAfterId(afterId, ROW_PAGE); !page.isEmpty();
                 page = index.segmentsAfterId(afterId, ROW_PAGE)) {
                for (SegmentRow row : page) {
                    afterId = row.id();
                    if (shortCameras.contains(row.stream().cameraId())
                            && !Files.exists(recordingsRoot.resolve(row.path()), LinkOption.NOFOLLOW_LINKS)) {
                        missing.add(row.path());
                        log.warn("Indexed segment {} #{} [{} .. {}] has no file: {} (row kept)", row.stream(),
                                row.sequence(), row.startUtc(), row.endUtc(), row.path());
                    }
                }
            }
        }
    }
}
