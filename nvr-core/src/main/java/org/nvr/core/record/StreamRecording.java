package org.nvr.core.record;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment rules of one stream (DESIGN.md, "Segment files"), applied to its hub items in order. Not
 * thread-safe: {@link Recorder} runs it on one drain at a time.
 *
 * <ul>
 *   <li>A segment starts at a keyframe, once parameters are known; other units before it are skipped.</li>
 *   <li>It ends at the first keyframe at or after the segment duration of media time ({@link EndReason#DURATION}),
 *       and the next one starts with that keyframe, its sequence one more.</li>
 *   <li>Different SPS/PPS end it ({@link EndReason#PARAMETERS_CHANGED}); a {@link Gap} ends it
 *       ({@link EndReason#GAP}) and is indexed; so does a timestamp jump, and units the hub dropped because this
 *       recorder fell behind: a discontinuity never stretches a segment.</li>
 *   <li>A write error ends the segment at its last complete fragment ({@link EndReason#WRITE_ERROR}, indexed at
 *       once) and pauses recording for the retry delay; the video lost meanwhile becomes a {@link GapCause#DISK}
 *       gap when recording resumes ({@link Outage}).</li>
 * </ul>
 */
final class StreamRecording {
    /**
     * Largest step between consecutive units' pts inside a segment: 10 s. Beyond it, or backwards, the
     * timestamps jumped ({@code CameraIngest} normally reports this as a gap first; this is the recorder's own
     * guard, so a segment's media time always matches the wall time it claims).
     */
    static final long MAX_UNIT_STEP_90K = 10 * 90_000L;

    private static final Logger log = LoggerFactory.getLogger(StreamRecording.class);

    private final StreamKey stream;
    private final SegmentSink sink;
    private final RecordingIndex index;
    private final IndexWriter indexWriter;
    private final NvrClock clock;
    private final RecorderMetrics metrics;
    private final long segmentDuration90k;
    private final long retryDelayNanos;

    /** The latest parameters received, or null before any. */
    private VideoParameters parameters;
    /** Sequence of the next segment, or -1 until read from the index (once, at the first segment). */
    private long nextSequence = -1;
    private SegmentWriter writer;
    private SegmentStart segment;
    private long segmentFrames;
    /** The last unit received (recorded or not) since the last gap, and its pts distance from the one before. */
    private AccessUnit lastUnit;
    private long lastStep90k;
    private long droppedUnitsSeen;
    /** Units dropped by the hub whose hole is still to be placed, and whether the next keyframe places it. */
    private long pendingDropped;
    private boolean dropArmed = true;
    private Outage outage;
    /**
     * The camera's last gap while recording waits for the first keyframe after it: indexed when recording resumes,
     * ending at that keyframe, so that the units between the reconnect and the keyframe (up to a GOP: a segment
     * cannot start with them) belong to the gap that cost them instead of to neither (docs/reliability.md).
     */
    private Gap waitingGap;
    private long segmentsWritten;
    private String lastError;
    private boolean stopped;

    StreamRecording(StreamKey stream, SegmentSink sink, RecordingIndex index, IndexWriter indexWriter,
                    RecorderPolicy policy, NvrClock clock, RecorderMetrics metrics) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.index = Objects.requireNonNull(index, "index");
        this.indexWriter = Objects.requireNonNull(indexWriter, "indexWriter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.segmentDuration90k = policy.segmentDuration90k();
        this.retryDelayNanos = policy.retryDelay().toNanos();
    }

    /**
     * Sets how many units the hub reader had dropped when it subscribed: a cached GOP longer than the queue is
     * cut, so the hole lies before the next keyframe after the first one (see {@link #accept}).
     */
    void baseline(long droppedUnits) {
        droppedUnitsSeen = droppedUnits;
        pendingDropped = droppedUnits;
        dropArmed = false;
    }

    /**
     * Handles the next item.
     *
     * <p>Units the hub dropped because this recorder fell behind are a hole: after a drop the reader queue
     * delivers no unit until a keyframe, so the hole lies before the first keyframe polled once the count
     * grew. When the count grew right after a non-keyframe was polled, that unit came before the hole.
     *
     * @param droppedUnits the hub reader's {@link org.nvr.core.stream.HubReader#droppedUnits()}, read after
     *                     this item was polled
     */
    void accept(StreamItem item, long droppedUnits) {
        if (stopped) {
            return;
        }
        if (item instanceof AccessUnit unit) {
            if (droppedUnits > droppedUnitsSeen) {
                pendingDropped += droppedUnits - droppedUnitsSeen;
                droppedUnitsSeen = droppedUnits;
                dropArmed = true;
            }
            long holeBefore = 0;
            if (pendingDropped > 0 && dropArmed && unit.keyframe()) {
                holeBefore = pendingDropped;
                pendingDropped = 0;
            }
            onUnit(unit, holeBefore);
            dropArmed = true;
        } else if (item instanceof VideoParameters videoParameters) {
            onParameters(videoParameters);
        } else if (item instanceof Gap gap) {
            onGap(gap);
        }
    }

    /** Finishes the open segment ({@link EndReason#STOPPED}), closes an outage, retries index writes. */
    void stop() {
        if (stopped) {
            return;
        }
        if (writer != null) {
            finishSegment(EndReason.STOPPED);
        }
        if (waitingGap != null) {
            closeWaitingGap(lastUnit != null ? endOf(lastUnit, lastStep90k) : null);
        }
        if (outage != null) {
            // Recording never resumed: the lost span ends with the last unit that arrived.
            Instant end = lastUnit != null ? endOf(lastUnit, lastStep90k) : outage.start();
            indexWriter.addGap(outage.gapUntil(end.isBefore(outage.start()) ? outage.start() : end));
            outage = null;
        }
        indexWriter.flush();
        stopped = true;
    }

    RecorderStatus status() {
        RecorderState state;
        if (stopped) {
            state = RecorderState.STOPPED;
        } else if (writer != null) {
            state = RecorderState.RECORDING;
        } else if (outage != null && outage.writeError()) {
            state = RecorderState.RETRYING;
        } else {
            state = RecorderState.WAITING_FOR_KEYFRAME;
        }
        String error = lastError != null ? lastError : indexWriter.lastError();
        return new RecorderStatus(state, segment != null ? segment.startUtc() : null,
                segment != null ? segment.sequence() : -1, segmentFrames, segmentsWritten, error);
    }

    private void onUnit(AccessUnit unit, long droppedBefore) {
        if (writer != null) {
            if (droppedBefore > 0) {
                finishSegment(EndReason.GAP);
                beginDropOutage(unit, droppedBefore);
            } else if (jumped(unit)) {
                finishSegment(EndReason.GAP);
                indexWriter.addGap(jumpGap(unit));
            } else if (unit.keyframe() && unit.pts90k() - segment.startPts90k() >= segmentDuration90k) {
                // Measured from the segment's first pts to this keyframe's. The writer gives its last sample the
                // previous sample's duration, which equals the distance to this keyframe at a constant frame rate.
                finishSegment(EndReason.DURATION, unit.wallClock());
            } else {
                append(unit);
                remember(unit);
                return;
            }
        } else if (droppedBefore > 0 && outage == null) {
            // Not recording, but the dropped units may have held the keyframe we were waiting for.
            beginDropOutage(unit, droppedBefore);
        }
        endWaitingGapAtOutage();
        boolean resumed = canStartWith(unit) && open(unit) && append(unit);
        endWaitingGapAtOutage();
        if (resumed && waitingGap != null) {
            closeWaitingGap(unit.wallClock());
        }
        if (resumed && outage != null) {
            Gap gap = outage.gapUntil(unit.wallClock());
            outage = null;
            // Empty when a camera gap covered all that was lost (it is indexed already).
            if (!gap.start().equals(unit.wallClock())) {
                log.info("{}: recording resumed after {} ms not recorded ({})", stream,
                        gap.end().toEpochMilli() - gap.start().toEpochMilli(), gap.detail());
                indexWriter.addGap(gap);
            }
        }
        remember(unit);
    }

    private void onParameters(VideoParameters next) {
        parameters = next;
        if (writer != null && !segment.parameters().sameSets(next)) {
            // A new avcC needs a new file; the next segment waits for a keyframe coded with these sets.
            finishSegment(EndReason.PARAMETERS_CHANGED);
        }
    }

    private void onGap(Gap gap) {
        if (writer != null) {
            finishSegment(EndReason.GAP);
        }
        if (waitingGap != null) {
            // No keyframe came between the two gaps: what arrived in between is the first one's loss.
            closeWaitingGap(gap.start());
        }
        if (outage != null) {
            Gap before = outage.splitAt(gap);
            if (before != null) {
                indexWriter.addGap(before);
            }
            // The outage continues from the gap's end and explains what follows: the gap ends where it says.
            indexWriter.addGap(gap);
        } else {
            waitingGap = gap;
        }
        // A new session may restart its timeline: nothing after the gap continues what came before, and a hole
        // from a drop before the gap is inside it.
        pendingDropped = 0;
        lastUnit = null;
        lastStep90k = 0;
    }

    /** A write error or a drop began while waiting for a keyframe: from there the DISK outage explains the loss. */
    private void endWaitingGapAtOutage() {
        if (waitingGap != null && outage != null) {
            closeWaitingGap(outage.start());
        }
    }

    /**
     * Indexes the waiting gap, ending at {@code until} when that is later than the gap's own end (the units after
     * the reconnect that could not start a segment), at its own end otherwise (or when {@code until} is null).
     */
    private void closeWaitingGap(Instant until) {
        Gap gap = waitingGap;
        waitingGap = null;
        if (until != null && until.isAfter(gap.end())) {
            gap = new Gap(gap.start(), until, gap.cause(), gap.detail());
        }
        indexWriter.addGap(gap);
    }

    private boolean jumped(AccessUnit unit) {
        long step = unit.pts90k() - lastUnit.pts90k();
        return step < 0 || step > MAX_UNIT_STEP_90K;
    }

    private Gap jumpGap(AccessUnit unit) {
        long step90k = unit.pts90k() - lastUnit.pts90k();
        Instant start = endOf(lastUnit, lastStep90k);
        Instant end = unit.wallClock();
        String detail = "timestamp jump of " + (step90k / 90) + " ms between consecutive units";
        log.info("{}: {}; segment ended", stream, detail);
        return end.isBefore(start) ? new Gap(end, end, GapCause.CAMERA, detail)
                : new Gap(start, end, GapCause.CAMERA, detail);
    }

    private void beginDropOutage(AccessUnit next, long dropped) {
        Instant start = lastUnit != null ? endOf(lastUnit, lastStep90k) : next.wallClock();
        String detail = "recorder fell behind: the hub dropped " + dropped + " units";
        if (outage == null) {
            log.info("{}: {}", stream, detail);
            outage = new Outage(start, detail, false, clock.monotonicNanos());
        }
    }

    /** True when a new segment may start with this unit; counts it as skipped otherwise. */
    private boolean canStartWith(AccessUnit unit) {
        if (unit.keyframe() && parameters != null
                && (outage == null || outage.retryDue(clock.monotonicNanos()))) {
            return true;
        }
        metrics.skipped();
        return false;
    }

    private boolean open(AccessUnit unit) {
        try {
            if (nextSequence < 0) {
                nextSequence = index.nextSequence(stream);
            }
        } catch (RuntimeException e) {
            onWriteError("reading the next sequence number from the index", unit.wallClock(), e);
            metrics.skipped();
            return false;
        }
        // Each attempt takes a number, even a failed one: a partly created file must never share it.
        SegmentStart start = new SegmentStart(stream, nextSequence++, unit.wallClock(), unit.pts90k(), parameters,
                unit.clockSource());
        try {
            writer = Objects.requireNonNull(sink.create(start), "sink returned no writer");
        } catch (IOException | RuntimeException e) {
            onWriteError("creating segment " + start.sequence(), unit.wallClock(), e);
            metrics.skipped();
            return false;
        }
        segment = start;
        segmentFrames = 0;
        return true;
    }

    private boolean append(AccessUnit unit) {
        try {
            writer.append(unit);
        } catch (IOException | RuntimeException e) {
            SegmentWriter failed = writer;
            long sequence = segment.sequence();
            writer = null;
            clearSegment();
            // This unit is the first not recorded, and so are the units of the fragment that failed.
            Instant lostFrom = keepDurablePart(failed, unit.wallClock());
            onWriteError("writing segment " + sequence, lostFrom, e);
            metrics.skipped();
            return false;
        }
        segmentFrames++;
        metrics.frame();
        return true;
    }

    private void finishSegment(EndReason reason) {
        finishSegment(reason, null);
    }

    /**
     * @param successorStart wall time of the keyframe that starts the next segment of the same run, or null: the
     *                       segment then ends there, so consecutive segments tile time exactly (as Moonfire NVR's
     *                       recordings in a run do), while its media duration stays what the file holds
     */
    private void finishSegment(EndReason reason, Instant successorStart) {
        SegmentWriter finishing = writer;
        SegmentStart start = segment;
        writer = null;
        SegmentSummary summary;
        try {
            summary = finishing.finish(reason);
        } catch (IOException | RuntimeException e) {
            clearSegment();
            Instant lostFrom = keepDurablePart(finishing, endOf(lastUnit, lastStep90k));
            onWriteError("finishing segment " + start.sequence(), lostFrom, e);
            return;
        }
        clearSegment();
        segmentsWritten++;
        metrics.segment(summary);
        indexWriter.addSegment(successorStart == null ? summary : endingAt(summary, successorStart));
    }

    /**
     * The summary with its wall-clock end moved to {@code wallEnd}, when that differs from start + media duration
     * by no more than the wall clock's slew (500 ppm, plus a millisecond for rounding); otherwise unchanged.
     */
    static SegmentSummary endingAt(SegmentSummary summary, Instant wallEnd) {
        long mediaNanos = summary.mediaDuration90k() * 1_000_000_000L / 90_000;
        long slackNanos = mediaNanos / 2000 + 1_000_000;
        long offNanos = Math.abs(java.time.Duration.between(summary.endUtc(), wallEnd).toNanos());
        if (offNanos > slackNanos || wallEnd.isBefore(summary.start().startUtc())) {
            return summary;
        }
        return new SegmentSummary(summary.start(), summary.path(), wallEnd, summary.mediaDuration90k(),
                summary.bytes(), summary.frames(), summary.sha256(), summary.fragments(), summary.endReason());
    }

    /**
     * After a write error: has the writer cut its file back to the last complete fragment and close it durably
     * ({@link EndReason#WRITE_ERROR}), and indexes that part at once, so that the footage written before a full disk
     * or an I/O error can be played without waiting for a restart, and no file keeps a torn fragment at its end.
     * When that fails too (a read-only file system refuses even the truncation), the file is abandoned and startup
     * recovery indexes it.
     *
     * @param lostFrom where the video not recorded begins when nothing is kept
     * @return where the video not recorded begins: the end of the part kept, or {@code lostFrom}
     */
    private Instant keepDurablePart(SegmentWriter failed, Instant lostFrom) {
        SegmentSummary kept;
        try {
            kept = failed.finish(EndReason.WRITE_ERROR);
        } catch (IOException | RuntimeException e) {
            failed.abandon();
            log.debug("{}: nothing of the failed segment could be kept now: {}", stream, e.toString());
            return lostFrom;
        }
        segmentsWritten++;
        metrics.segment(kept);
        indexWriter.addSegment(kept);
        return kept.endUtc().isBefore(lostFrom) ? kept.endUtc() : lostFrom;
    }

    private void clearSegment() {
        segment = null;
        segmentFrames = 0;
    }

    private void onWriteError(String what, Instant lostFrom, Exception e) {
        metrics.writeError();
        lastError = what + ": " + e;
        long retryAt = clock.monotonicNanos() + retryDelayNanos;
        if (outage != null && outage.writeError()) {
            // Logged once per episode: a full disk fails every retry.
            log.debug("{}: {} failed again", stream, what, e);
            outage.retryAt(retryAt);
            return;
        }
        log.warn("{}: {} failed; recording paused, retrying at a keyframe every {} ms until it works", stream, what,
                retryDelayNanos / 1_000_000, e);
        Instant start = outage != null ? outage.start() : lostFrom;
        outage = new Outage(start, what + " failed: " + e.getMessage(), true, retryAt);
    }

    private void remember(AccessUnit unit) {
        if (lastUnit != null) {
            long step = unit.pts90k() - lastUnit.pts90k();
            if (step > 0 && step <= MAX_UNIT_STEP_90K) {
                lastStep90k = step;
            }
        }
        lastUnit = unit;
    }

    /** Wall time just after a unit: its wall clock plus its estimated duration (the step before it). */
    private static Instant endOf(AccessUnit unit, long duration90k) {
        return unit.wallClock().plusNanos(duration90k * 100_000 / 9);
    }
}
