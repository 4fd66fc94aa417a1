package org.nvr.storage.playback;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.record.FragmentLocation;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;

/**
 * Plays recordings back from the index and the segment files. Blocking I/O on the caller's thread; each cursor is
 * for one session.
 *
 * <p>{@link #open} seeks through the index's fragment index ({@link RecordingIndex#fragmentAt}: the last fragment
 * starting with a keyframe at or before the time), then reads forward to the last keyframe at or before it. The
 * cursor then emits {@link org.nvr.core.model.VideoParameters} (first, and when a segment's parameter sets differ
 * from the previous one's), the access units of each fragment, and segment after segment (fetched lazily, one hour
 * of index at a time) with a {@link org.nvr.core.model.Gap} when the next segment starts more than
 * {@link #GAP_THRESHOLD} after the previous one ends: its cause and detail come from an overlapping gap row, else
 * {@code CAMERA}, "no recording". A segment whose file is missing or whose header is unreadable becomes a
 * {@code DISK} gap over its time, and playback goes on with the next; a fragment that is corrupt inside a readable
 * file fails {@link PlaybackCursor#next()} with a {@link org.nvr.core.model.MalformedInputException} naming the file
 * and byte.
 */
public final class IndexRecordingReader implements RecordingReader {
    /** A pause in the video longer than this is a gap (PlaybackCursor's "more than half a second"). */
    public static final Duration GAP_THRESHOLD = Duration.ofMillis(500);
    /** How much of the index one query covers while segments follow each other. */
    public static final Duration SEGMENT_BATCH = Duration.ofHours(1);

    private final RecordingIndex index;
    private final Path root;
    private final int maxFragmentBytes;

    /** A reader bounded by {@link SegmentSampleReader#DEFAULT_MAX_FRAGMENT_BYTES} per fragment. */
    public IndexRecordingReader(RecordingIndex index, Path recordingsRoot) {
        this(index, recordingsRoot, SegmentSampleReader.DEFAULT_MAX_FRAGMENT_BYTES);
    }

    /**
     * @param index            the recording index
     * @param recordingsRoot   the root that {@link SegmentRow#path()} is relative to
     * @param maxFragmentBytes most sample bytes of one fragment held in memory; a larger fragment fails the cursor
     */
    public IndexRecordingReader(RecordingIndex index, Path recordingsRoot, int maxFragmentBytes) {
        this.index = Objects.requireNonNull(index, "index");
        this.root = Objects.requireNonNull(recordingsRoot, "recordingsRoot").toAbsolutePath().normalize();
        if (maxFragmentBytes <= 0) {
            throw new IllegalArgumentException("maxFragmentBytes must be positive: " + maxFragmentBytes);
        }
        this.maxFragmentBytes = maxFragmentBytes;
    }

    @Override
    public Optional<PlaybackCursor> open(StreamKey stream, Instant from) throws IOException {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(from, "from");
        Optional<FragmentLocation> at = index.fragmentAt(stream, from);
        if (at.isPresent()) {
            SegmentRow row = at.get().segment();
            SegmentFinder finder = new SegmentFinder(index, stream, row.startUtc(), SEGMENT_BATCH);
            return Optional.of(new IndexCursor(index, root, stream, finder, GAP_THRESHOLD, maxFragmentBytes, row,
                    at.get().fragment().byteOffset(), from));
        }
        // In a gap or before the first recording: the next segment, from its first keyframe.
        SegmentFinder finder = new SegmentFinder(index, stream, from, SEGMENT_BATCH);
        SegmentRow next = finder.next(null);
        if (next == null) {
            return Optional.empty();
        }
        return Optional.of(new IndexCursor(index, root, stream, finder, GAP_THRESHOLD, maxFragmentBytes, next, -1,
                from));
    }
}
