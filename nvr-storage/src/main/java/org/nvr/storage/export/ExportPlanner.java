package org.nvr.storage.export;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.FragmentLocation;
import org.nvr.core.record.RecordingIndex;
import org.nvr.core.record.SegmentRow;
import org.nvr.storage.playback.FragmentRun;
import org.nvr.storage.playback.SegmentSampleReader;
import org.nvr.storage.playback.WallTime;

/**
 * One export plan being built: walks the source fragments of the segments overlapping the request (reading only
 * their {@code moof}s), from the keyframe at or before the requested start to the last frame before its end, and
 * turns each into a generated {@code moof}+{@code mdat} header and one byte range of its segment file.
 */
final class ExportPlanner {
    /** A fragment from a keyframe at or before the start, held until the first sample after the start is seen. */
    private record Held(SegmentRow row, Path file, VideoParameters parameters, FragmentRun run, int from) {
    }

    /** How many frames of a segment the export uses. */
    record Used(SegmentRow row, long frames) {
    }

    private final RecordingIndex index;
    private final Path root;
    private final ExportRequest request;
    private final int maxParts;
    private final int maxFragmentBytes;

    private final List<ExportPart> parts = new ArrayList<>();
    private final List<VideoParameters> entries = new ArrayList<>();
    private final List<Used> used = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private long partBytes;
    private boolean started;
    private boolean done;
    private long sequence;
    private long firstTick = -1;
    private long endTick;
    private Instant firstWall;
    private Instant endWall;
    private long frames;

    ExportPlanner(RecordingIndex index, Path root, ExportRequest request, int maxParts, int maxFragmentBytes) {
        this.index = index;
        this.root = root;
        this.request = request;
        this.maxParts = maxParts;
        this.maxFragmentBytes = maxFragmentBytes;
    }

    /** Walks {@code rows} (the segments overlapping the request, in start order). */
    void walk(List<SegmentRow> rows) throws IOException {
        for (SegmentRow row : rows) {
            if (done) {
                break;
            }
            walkSegment(row);
        }
        flushHeld();
    }

    boolean empty() {
        return frames == 0;
    }

    List<ExportPart> fragmentParts() {
        return parts;
    }

    List<VideoParameters> entries() {
        return entries;
    }

    List<Used> used() {
        return used;
    }

    long frames() {
        return frames;
    }

    long duration90k() {
        return endTick - firstTick;
    }

    Instant firstWall() {
        return firstWall;
    }

    Instant endWall() {
        return endWall;
    }

    long bodyBytes() {
        return partBytes;
    }

    private void walkSegment(SegmentRow row) throws IOException {
        Path file = root.resolve(row.path());
        try (SegmentSampleReader reader = SegmentSampleReader.open(file, row.startUtc(), row.clockSource(),
                maxFragmentBytes)) {
            long offset = reader.firstFragmentOffset();
            if (!started && row.startUtc().isBefore(request.start())) {
                // The index's seek entry: the last fragment starting with a keyframe at or before the start.
                Optional<FragmentLocation> at = index.fragmentAt(request.stream(), request.start());
                if (at.isPresent() && at.get().segment().id() == row.id()) {
                    offset = at.get().fragment().byteOffset();
                }
            }
            while (!done && reader.hasFragmentAt(offset)) {
                FragmentRun run = reader.readFragment(offset);
                offset = run.nextOffset();
                if (started) {
                    add(row, file, reader.parameters(), run, 0);
                } else {
                    findStart(row, file, reader, run);
                }
            }
        } catch (NoSuchFileException e) {
            throw new NvrException(NvrException.Kind.DATA_LOSS, "export of " + request.stream() + ": segment #"
                    + row.sequence() + " file " + file + " is missing", e);
        } catch (MalformedInputException e) {
            throw new NvrException(NvrException.Kind.DATA_LOSS, "export of " + request.stream() + ": segment #"
                    + row.sequence() + " is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Before the start: keeps the fragments from the last keyframe at or before the requested start (the first
     * keyframe when the start falls before the recording) and emits them once a sample after the start shows up.
     */
    private void findStart(SegmentRow row, Path file, SegmentSampleReader reader, FragmentRun run) {
        for (int i = 0; i < run.sampleCount(); i++) {
            boolean after = reader.wallClock(run, i).isAfter(request.start());
            if (after && !held.isEmpty()) {
                if (held.get(held.size() - 1).run() != run) {
                    held.add(new Held(row, file, reader.parameters(), run, 0));
                }
                flushHeld();
                return;
            }
            if (run.keyframe(i)) {
                held.clear();
                held.add(new Held(row, file, reader.parameters(), run, i));
                if (after) {
                    flushHeld();
                    return;
                }
            }
        }
        if (!held.isEmpty() && held.get(held.size() - 1).run() != run) {
            held.add(new Held(row, file, reader.parameters(), run, 0));
        }
    }

    private void flushHeld() {
        started = true;
        for (Held h : held) {
            if (!done) {
                add(h.row(), h.file(), h.parameters(), h.run(), h.from());
            }
        }
        held.clear();
    }

    /** Adds samples {@code from} up to the first at or after the requested end; the end stops the walk. */
    private void add(SegmentRow row, Path file, VideoParameters parameters, FragmentRun run, int from) {
        int to = from;
        while (to < run.sampleCount()
                && WallTime.of(row.startUtc(), run.mediaTime90k(to)).isBefore(request.end())) {
            to++;
        }
        if (to < run.sampleCount()) {
            done = true;
        }
        if (to == from) {
            return;
        }
        long tick = WallTime.ticks(row.startUtc(), run.mediaTime90k(from));
        if (firstTick < 0) {
            firstTick = tick;
            endTick = tick;
            firstWall = WallTime.of(row.startUtc(), run.mediaTime90k(from));
        }
        // A clock step can make segments overlap; the export's timeline must not run backwards (§8.8.12 tfdt).
        long tfdt = Math.max(tick, endTick) - firstTick;
        if (parts.size() + 2 > maxParts) {
            throw new NvrException(NvrException.Kind.INVALID_ARGUMENT, "export of " + request.stream() + " from "
                    + request.start() + " to " + request.end() + " needs more than " + maxParts
                    + " parts; export a shorter range");
        }
        byte[] header = ExportBoxes.fragment(++sequence, entryIndex(parameters), tfdt, run, from, to);
        long length = run.sampleOffset(to) - run.sampleOffset(from);
        parts.add(new ExportPart.Bytes(header));
        parts.add(new ExportPart.FileRange(file, run.sampleOffset(from), length));
        partBytes += header.length + length;
        endTick = firstTick + tfdt + (run.mediaTime90k(to) - run.mediaTime90k(from));
        endWall = WallTime.of(row.startUtc(), run.mediaTime90k(to));
        frames += to - from;
        Used last = used.isEmpty() ? null : used.get(used.size() - 1);
        if (last != null && last.row().id() == row.id()) {
            used.set(used.size() - 1, new Used(row, last.frames() + (to - from)));
        } else {
            used.add(new Used(row, to - from));
        }
    }

    /** 1-based {@code stsd} entry of {@code parameters}, added when new. */
    private int entryIndex(VideoParameters parameters) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).sameSets(parameters)) {
                return i + 1;
            }
        }
        entries.add(parameters);
        return entries.size();
    }
}
