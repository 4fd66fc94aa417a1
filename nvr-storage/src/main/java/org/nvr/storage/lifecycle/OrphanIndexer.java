package org.nvr.storage.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.SegmentSummary;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.RecordingsWalker.SegmentFile;
import org.nvr.storage.segment.SegmentFileScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes a segment file that has no index row, as startup recovery and {@code nvr check --rebuild} both do: cut
 * back to its last complete fragment and fsynced ({@link SegmentFileScanner#recover}), then added with end reason
 * {@code RECOVERED}; or, when that is impossible, moved to the {@link Quarantine}. Never deletes a file.
 */
public final class OrphanIndexer {
    /** What became of a file. */
    public enum Outcome {
        /** Whole and indexed as it was. */
        INDEXED,
        /** Partial: cut back to its last complete fragment, then indexed. */
        TRUNCATED,
        /** Not indexable (no complete fragment, metadata that disagrees with the name, refused by the index). */
        QUARANTINED,
        /** Neither indexable nor movable: left in place. */
        FAILED
    }

    private static final Logger log = LoggerFactory.getLogger(OrphanIndexer.class);

    private final H2RecordingIndex index;
    private final Path recordingsRoot;
    private final Quarantine quarantine;

    public OrphanIndexer(H2RecordingIndex index, Path recordingsRoot, Quarantine quarantine) {
        this.index = Objects.requireNonNull(index, "index");
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
    }

    /**
     * Indexes or quarantines one file found without a row. Logged: WARN for a partial file, a quarantine or a
     * failure; DEBUG for a whole file.
     *
     * @throws NvrException when the index is unavailable or fails internally (not the file's fault: it stays, and
     *                      the next run tries again)
     */
    public Outcome index(SegmentFile file) {
        SegmentSummary summary;
        try {
            summary = SegmentFileScanner.recover(recordingsRoot, file.relative());
            index.addSegment(summary);
        } catch (NvrException e) {
            if (e.kind() == NvrException.Kind.UNAVAILABLE || e.kind() == NvrException.Kind.INTERNAL) {
                throw e;
            }
            // DATA_LOSS: nothing to recover, or name and metadata disagree. INVALID_ARGUMENT or FAILED_PRECONDITION:
            // the index refuses the row (the stream's sequence number is taken, an impossible duration).
            return quarantine(file, e.getMessage());
        } catch (IOException e) {
            return quarantine(file, "cannot be read: " + e);
        }
        String seconds = String.format("%.3f", summary.mediaDuration90k() / 90_000.0);
        if (summary.bytes() < file.bytes()) {
            log.warn("Recovered partial segment {}: {} frames, {} s (cut from {} to {} bytes)", file.relative(),
                    summary.frames(), seconds, file.bytes(), summary.bytes());
            return Outcome.TRUNCATED;
        }
        log.warn("Recovered segment {} without an index row: {} frames, {} s (file complete)", file.relative(),
                summary.frames(), seconds);
        return Outcome.INDEXED;
    }

    private Outcome quarantine(SegmentFile file, String why) {
        try {
            quarantine.move(file.relative(), why);
            return Outcome.QUARANTINED;
        } catch (IOException e) {
            log.error("{} cannot be indexed ({}) nor quarantined ({}): left in place", file.relative(), why,
                    e.toString());
            return Outcome.FAILED;
        }
    }
}
