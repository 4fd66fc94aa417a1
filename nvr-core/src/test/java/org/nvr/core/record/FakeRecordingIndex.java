package org.nvr.core.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.core.model.Gap;

/**
 * An in-memory {@link RecordingIndex}. It can fail the n-th {@code addSegment} call (counted from 1) with a
 * runtime exception, as a lost database connection would. Thread-safe (one lock).
 */
final class FakeRecordingIndex implements RecordingIndex {
    private final long firstSequence;
    private final List<SegmentSummary> segments = new ArrayList<>();
    private final List<StreamKey> gapStreams = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final Set<Integer> failingAddSegments = ConcurrentHashMap.newKeySet();
    final AtomicInteger addSegmentCalls = new AtomicInteger();
    final AtomicInteger nextSequenceCalls = new AtomicInteger();

    FakeRecordingIndex(long firstSequence) {
        this.firstSequence = firstSequence;
    }

    FakeRecordingIndex failAddSegment(int... calls) {
        for (int call : calls) {
            failingAddSegments.add(call);
        }
        return this;
    }

    @Override
    public synchronized long nextSequence(StreamKey stream) {
        nextSequenceCalls.incrementAndGet();
        long next = firstSequence;
        for (SegmentSummary s : segments) {
            if (s.start().stream().equals(stream)) {
                next = Math.max(next, s.start().sequence() + 1);
            }
        }
        return next;
    }

    @Override
    public synchronized void addSegment(SegmentSummary segment) {
        int call = addSegmentCalls.incrementAndGet();
        if (failingAddSegments.contains(call)) {
            throw new IllegalStateException("database connection lost (injected at addSegment " + call + ")");
        }
        segments.add(segment);
    }

    @Override
    public synchronized void addGap(StreamKey stream, Gap gap) {
        gapStreams.add(stream);
        gaps.add(gap);
    }

    /** Every indexed segment, in the order added. */
    synchronized List<SegmentSummary> allSegments() {
        return List.copyOf(segments);
    }

    /** Every indexed gap, in the order added. */
    synchronized List<Gap> allGaps() {
        return List.copyOf(gaps);
    }

    @Override
    public synchronized List<SegmentRow> segments(StreamKey stream, Instant from, Instant to) {
        List<SegmentRow> rows = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            SegmentSummary s = segments.get(i);
            if (s.start().stream().equals(stream) && s.start().startUtc().isBefore(to) && s.endUtc().isAfter(from)) {
                rows.add(row(i, s));
            }
        }
        return rows;
    }

    @Override
    public synchronized List<Gap> gaps(StreamKey stream, Instant from, Instant to) {
        List<Gap> found = new ArrayList<>();
        for (int i = 0; i < gaps.size(); i++) {
            Gap g = gaps.get(i);
            if (gapStreams.get(i).equals(stream) && g.start().isBefore(to) && !g.end().isBefore(from)) {
                found.add(g);
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<FragmentLocation> fragmentAt(StreamKey stream, Instant t) {
        for (int i = 0; i < segments.size(); i++) {
            SegmentSummary s = segments.get(i);
            if (!s.start().stream().equals(stream) || t.isBefore(s.start().startUtc()) || !t.isBefore(s.endUtc())) {
                continue;
            }
            long offset90k = (t.toEpochMilli() - s.start().startUtc().toEpochMilli()) * 90;
            FragmentEntry best = null;
            for (FragmentEntry f : s.fragments()) {
                if (f.startsWithKeyframe() && f.startOffset90k() <= offset90k) {
                    best = f;
                }
            }
            if (best != null) {
                return Optional.of(new FragmentLocation(row(i, s), best));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<RecordedSpan> span(String cameraId) {
        Instant first = null;
        Instant last = null;
        long bytes = 0;
        long count = 0;
        for (SegmentSummary s : segments) {
            if (!s.start().stream().cameraId().equals(cameraId)) {
                continue;
            }
            first = first == null || s.start().startUtc().isBefore(first) ? s.start().startUtc() : first;
            last = last == null || s.endUtc().isAfter(last) ? s.endUtc() : last;
            bytes += s.bytes();
            count++;
        }
        return count == 0 ? Optional.empty() : Optional.of(new RecordedSpan(first, last, bytes, count));
    }

    private static SegmentRow row(long id, SegmentSummary s) {
        return new SegmentRow(id, s.start().stream(), s.start().sequence(), s.start().startUtc(), s.endUtc(),
                s.mediaDuration90k(), s.bytes(), s.frames(), s.path(), s.endReason(), s.sha256(),
                s.start().clockSource());
    }
}
