package org.nvr.storage.lifecycle;

import org.nvr.storage.fs.DurableFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.GarbageRow;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.SegmentPathParts;
import org.nvr.storage.segment.SegmentPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes segments by Moonfire NVR's protocol (design/schema.md, "Lifecycle of a recording"), so that a crash at any
 * step leaves nothing the next start cannot finish:
 * <ol>
 * <li>in one transaction, the segment row becomes a garbage row ({@link H2RecordingIndex#markGarbage}): from here
 * on no reader finds the segment;</li>
 * <li>unlink the file (already gone is fine: a crash after step 3 of an earlier attempt);</li>
 * <li>fsync its directory, so the unlink is durable;</li>
 * <li>delete the garbage row ({@link H2RecordingIndex#deleteGarbage}).</li>
 * </ol>
 * A crash between 1 and 4 leaves a garbage row, which {@link #finishPendingGarbage} completes at startup. The
 * opposite order (unlink first) could leave a row pointing at nothing after a crash.
 *
 * <p>Empty day directories older than yesterday are removed (and their parent fsynced); newer ones are left,
 * because a recorder may be creating a file in today's directory at that very moment.
 *
 * <p>Thread-safe. Metrics: {@code nvr.storage.deleted.segments} and {@code nvr.storage.deleted.bytes}, tagged
 * {@code reason}.
 */
public final class SegmentDeleter {
    /** Garbage rows read per query when sweeping. */
    public static final int GARBAGE_PAGE = 500;
    /** Reasons are metric tags: short lower-case words. */
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    /** Distinct reason tags counted; later ones count as {@code other}, so the metric stays bounded. */
    private static final int MAX_REASON_TAGS = 16;
    private static final String OTHER_REASON = "other";
    private static final Logger log = LoggerFactory.getLogger(SegmentDeleter.class);

    private final H2RecordingIndex index;
    private final Path recordingsRoot;
    private final NvrClock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();
    private volatile boolean garbageLeft;

    /**
     * @param index          the index holding the segment and garbage rows
     * @param recordingsRoot the root segment paths are relative to
     * @param clock          tells which day directories are old enough to remove
     * @param registry       for the deletion counters
     */
    public SegmentDeleter(H2RecordingIndex index, Path recordingsRoot, NvrClock clock, MeterRegistry registry) {
        this.index = Objects.requireNonNull(index, "index");
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Deletes one segment: row to garbage, unlink, fsync the directory, delete the garbage row. Logged at INFO.
     *
     * @param reason why, a metric tag such as {@code max_age}: {@code [a-z][a-z0-9_]{0,31}}
     * @return false when the segment was no longer in the index (deleted by someone else), true when deleted now
     * @throws IOException when the unlink or fsync failed: the segment is out of the index, and its garbage row stays
     *                     for {@link #finishPendingGarbage} to retry
     */
    public boolean delete(SegmentRow row, String reason) throws IOException {
        Objects.requireNonNull(row, "row");
        if (!REASON.matcher(Objects.requireNonNull(reason, "reason")).matches()) {
            throw new IllegalArgumentException("deletion reason must match " + REASON.pattern() + ": '" + reason
                    + "'");
        }
        GarbageRow garbage;
        try {
            garbage = index.markGarbage(row.id(), reason);
        } catch (NvrException e) {
            if (e.kind() == NvrException.Kind.NOT_FOUND) {
                log.debug("Segment {} ({}) was already deleted", row.id(), row.path());
                return false;
            }
            throw e;
        }
        try {
            removeFile(garbage);
        } catch (IOException e) {
            garbageLeft = true;
            throw e;
        }
        count(reason, garbage.bytes());
        log.info("Deleted segment {} #{} [{} .. {}] {} bytes ({}): {}", row.stream(), row.sequence(), row.startUtc(),
                row.endUtc(), row.bytes(), reason, row.path());
        return true;
    }

    /**
     * Completes deletions a crash interrupted: for every garbage row, unlink its file if still there, fsync the
     * directory, delete the row. Run at startup before anything else touches the store. A file that cannot be
     * unlinked is logged and its row kept for the next sweep.
     *
     * @return garbage rows finished
     */
    public int finishPendingGarbage() {
        int finished = 0;
        Set<Long> failed = new HashSet<>();
        while (true) {
            // Rows that failed stay first in id order; ask for enough to get past them.
            List<GarbageRow> page = index.garbage(GARBAGE_PAGE + failed.size());
            int progress = 0;
            for (GarbageRow garbage : page) {
                if (failed.contains(garbage.id())) {
                    continue;
                }
                try {
                    removeFile(garbage);
                    count(tagOf(garbage.reason()), garbage.bytes());
                    log.info("Finished deleting {} ({} bytes, {}, marked at {})", garbage.path(), garbage.bytes(),
                            garbage.reason(), garbage.markedAt());
                    finished++;
                    progress++;
                } catch (IOException e) {
                    failed.add(garbage.id());
                    log.error("Cannot delete {} (garbage row {} kept for the next sweep): {}", garbage.path(),
                            garbage.id(), e.toString());
                }
            }
            if (progress == 0 || failed.size() > GARBAGE_PAGE) {
                break;
            }
        }
        garbageLeft = !failed.isEmpty();
        return finished;
    }

    /** True when an unlink failed since the last sweep: garbage rows are waiting for {@link #finishPendingGarbage}. */
    public boolean garbageLeft() {
        return garbageLeft;
    }

    /** Steps 2 to 4 for one garbage row. */
    private void removeFile(GarbageRow garbage) throws IOException {
        Path file = recordingsRoot.resolve(garbage.path());
        Path dir = file.getParent();
        boolean dirExists = true;
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            log.debug("{} was already gone", garbage.path());
            dirExists = Files.isDirectory(dir);
        }
        if (dirExists) {
            DurableFiles.fsyncDirectory(dir);
            removeIfEmptyAndOld(garbage.path(), dir);
        }
        index.deleteGarbage(garbage.id());
    }

    /** Removes an empty day directory of a day before yesterday (UTC), fsyncing its parent. */
    private void removeIfEmptyAndOld(Path relative, Path dir) throws IOException {
        Optional<SegmentPathParts> parts = SegmentPaths.parse(relative);
        if (parts.isEmpty()) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(parts.get().startUtc(), ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(clock.wallNow(), ZoneOffset.UTC);
        if (!day.isBefore(today.minusDays(1))) {
            return;
        }
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            return;
        }
        DurableFiles.fsyncDirectory(dir.getParent());
        log.debug("Removed empty day directory {}", recordingsRoot.relativize(dir));
    }

    private void count(String reason, long bytes) {
        String tag = counters.containsKey(reason) || counters.size() < MAX_REASON_TAGS ? reason : OTHER_REASON;
        Counter[] pair = counters.computeIfAbsent(tag, r -> new Counter[] {
            Counter.builder("nvr.storage.deleted.segments").tag("reason", r)
                    .description("segment files deleted, by reason").register(registry),
            Counter.builder("nvr.storage.deleted.bytes").tag("reason", r).baseUnit("bytes")
                    .description("bytes of segment files deleted, by reason").register(registry)});
        pair[0].increment();
        pair[1].increment(bytes);
    }

    private static String tagOf(String storedReason) {
        return REASON.matcher(storedReason).matches() ? storedReason : OTHER_REASON;
    }
}
