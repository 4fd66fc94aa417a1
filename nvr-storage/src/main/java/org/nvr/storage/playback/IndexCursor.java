package org.nvr.storage.playback;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cursor over the segments of one stream: one segment file open at a time, one fragment's items queued at a
 * time. See {@link IndexRecordingReader} for what it emits.
 */
final class IndexCursor implements PlaybackCursor {
    private static final Logger LOG = LoggerFactory.getLogger(IndexCursor.class);

    private final RecordingIndex index;
    private final Path root;
    private final StreamKey stream;
    private final SegmentFinder finder;
    private final Duration gapThreshold;
    private final int maxFragmentBytes;
    /** Items of the current fragment (plus a gap and parameters before them): bounded by one fragment. */
    private final ArrayDeque<StreamItem> ready = new ArrayDeque<>();

    /** The segment to begin with, and where in it; consumed by the first {@link #next()}. */
    private SegmentRow firstRow;
    private final long firstOffset;
    private final Instant seekTo;

    private SegmentSampleReader reader;
    private long nextOffset;
    private SegmentRow lastRow;
    private Instant lastEnd;
    private VideoParameters parameters;
    private boolean closed;

    /**
     * @param firstOffset file offset of the fragment to start reading at, or -1 for the first fragment
     * @param seekTo      start at the last keyframe at or before this time (the first after it when there is none),
     *                    or null to start at the first sample
     */
    IndexCursor(RecordingIndex index, Path root, StreamKey stream, SegmentFinder finder, Duration gapThreshold,
                int maxFragmentBytes, SegmentRow firstRow, long firstOffset, Instant seekTo) {
        this.index = index;
        this.root = root;
        this.stream = stream;
        this.finder = finder;
        this.gapThreshold = gapThreshold;
        this.maxFragmentBytes = maxFragmentBytes;
        this.firstRow = firstRow;
        this.firstOffset = firstOffset;
        this.seekTo = seekTo;
    }

    @Override
    public StreamItem next() throws IOException {
        if (closed) {
            throw new IllegalStateException("playback cursor of " + stream + " is closed");
        }
        while (true) {
            if (!ready.isEmpty()) {
                return ready.poll();
            }
            if (reader != null) {
                if (reader.hasFragmentAt(nextOffset)) {
                    FragmentRun run = reader.readFragment(nextOffset);
                    nextOffset = run.nextOffset();
                    ready.addAll(reader.readSamples(run, 0));
                } else {
                    closeReader();
                }
                continue;
            }
            if (firstRow != null) {
                SegmentRow row = firstRow;
                firstRow = null;
                begin(row, firstOffset, seekTo);
                continue;
            }
            SegmentRow row = finder.next(lastRow);
            if (row == null) {
                return null;
            }
            begin(row, -1, null);
        }
    }

    @Override
    public void close() {
        closed = true;
        ready.clear();
        closeReader();
    }

    /** Queues the gap before {@code row} if any, opens its file (a gap when that fails) and its parameters. */
    private void begin(SegmentRow row, long offset, Instant seek) throws IOException {
        if (lastEnd != null && Duration.between(lastEnd, row.startUtc()).compareTo(gapThreshold) > 0) {
            ready.add(gapBetween(lastEnd, row.startUtc()));
        }
        lastRow = row;
        lastEnd = row.endUtc();
        Path file = root.resolve(row.path());
        try {
            reader = SegmentSampleReader.open(file, row.startUtc(), row.clockSource(), maxFragmentBytes);
        } catch (NoSuchFileException e) {
            LOG.warn("{}: segment file {} of #{} is missing; playing past it", stream, row.path(), row.sequence());
            ready.add(new Gap(row.startUtc(), row.endUtc(), GapCause.DISK, "segment file " + row.path()
                    + " is missing"));
            return;
        } catch (IOException | MalformedInputException e) {
            LOG.warn("{}: segment file {} of #{} is unreadable; playing past it: {}", stream, row.path(),
                    row.sequence(), e.toString());
            ready.add(new Gap(row.startUtc(), row.endUtc(), GapCause.DISK, "segment file " + row.path()
                    + " is unreadable: " + e.getMessage()));
            return;
        }
        if (!reader.parameters().sameSets(parameters)) {
            parameters = reader.parameters();
            ready.add(parameters);
        }
        nextOffset = offset < 0 ? reader.firstFragmentOffset() : offset;
        if (seek != null) {
            seek(seek);
        }
    }

    /**
     * Reads {@code moof}s forward from {@link #nextOffset} until a sample after {@code t}, remembering the last
     * keyframe at or before {@code t} (the first after it when none is), and queues the samples from there to the
     * end of its fragment. Keyframes need not start fragments: a GOP may end mid-fragment or span several.
     */
    private void seek(Instant t) throws IOException {
        FragmentRun keyRun = null;
        int keyIndex = -1;
        long offset = nextOffset;
        scan:
        while (reader.hasFragmentAt(offset)) {
            FragmentRun run = reader.readFragment(offset);
            offset = run.nextOffset();
            for (int i = 0; i < run.sampleCount(); i++) {
                boolean after = reader.wallClock(run, i).isAfter(t);
                if (after && keyRun != null) {
                    break scan;
                }
                if (run.keyframe(i)) {
                    keyRun = run;
                    keyIndex = i;
                    if (after) {
                        break scan;
                    }
                }
            }
        }
        if (keyRun == null) {
            nextOffset = reader.fileSize();
            return;
        }
        ready.addAll(reader.readSamples(keyRun, keyIndex));
        nextOffset = keyRun.nextOffset();
    }

    /** A gap with the cause of the index's gap row overlapping it, if any. */
    private Gap gapBetween(Instant start, Instant end) {
        List<Gap> rows = index.gaps(stream, start, end);
        if (rows.isEmpty()) {
            return new Gap(start, end, GapCause.CAMERA, "no recording");
        }
        Gap row = rows.get(0);
        return new Gap(start, end, row.cause(), row.detail());
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
