package org.nvr.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one segment as fragmented MP4: the init segment ({@link InitSegment}), then a {@code moof}+{@code mdat}
 * fragment whenever the buffered samples span the fragment duration (DESIGN.md, "Segment files").
 *
 * <p>Timing: a sample's duration is the next unit's {@code pts90k} minus its own, so the newest unit is held back
 * until the next arrives; at {@link #finish} the last one gets the previous sample's duration (or
 * {@link #DEFAULT_LAST_SAMPLE_DURATION_90K} when it is the only one). Media time in the file is the sum of the
 * durations before a sample, which equals {@code pts90k} minus the first unit's {@code pts90k} as long as PTS
 * increases. A unit whose PTS does not increase (a duplicate or a step back; cameras send no B-frames) gives the
 * unit before it a duration of one tick instead of zero or a negative one, and is counted in
 * {@link #nonIncreasingPts()}: the file stays valid and its timeline runs a tick ahead per such unit.
 *
 * <p>Memory: at most one fragment plus one held-back unit is buffered, bounded by
 * {@link SegmentWriterOptions#maxFragmentBytes()} and the fragment duration. A fragment is copied once, into the
 * writing thread's direct staging buffer ({@link StagedWrite}), and written from there: the copy the JDK would make
 * of heap buffers anyway, without a buffer object per NAL unit. A running SHA-256 over every written byte makes
 * {@link #finish} need no re-read.
 *
 * <p>Every fsync, of the file and of its directory, goes through {@link FsyncTimers} ({@code nvr.storage.fsync}).
 *
 * <p>Not thread-safe: one recorder thread owns it (as {@link SegmentWriter} says).
 */
public final class Fmp4SegmentWriter implements SegmentWriter {
    /** Duration of a segment's only sample at finish: one frame at 25 fps, a common camera rate. */
    public static final long DEFAULT_LAST_SAMPLE_DURATION_90K = 3600;
    /** A {@code trun} sample duration is 32 bits; a longer gap between units is a discontinuity the recorder cuts. */
    static final long MAX_SAMPLE_DURATION_90K = 0xffff_ffffL;

    private static final Logger LOG = LoggerFactory.getLogger(Fmp4SegmentWriter.class);

    private enum State { OPEN, FAILED, CLOSED }

    private final FileChannel channel;
    private final Path relativePath;
    private final Path file;
    private final SegmentStart start;
    private final SegmentWriterOptions options;
    private final FsyncTimers fsyncs;
    private final long fragmentDuration90k;
    private final MessageDigest digest;
    private final BoxWriter moof = new BoxWriter(4096);
    private final List<FragmentEntry> fragments = new ArrayList<>();

    /** The fragment being gathered: units whose durations are known. */
    private final List<AccessUnit> units = new ArrayList<>();
    private long[] durations90k = new long[64];
    private long bufferedBytes;
    private long bufferedDuration90k;
    /** The newest unit, waiting for the next one to know its duration. */
    private AccessUnit held;
    private long lastDuration90k = -1;
    private final byte[] lengthPrefix = new byte[4];

    private long writtenDuration90k;
    private long writtenFrames;
    /** End of the last complete fragment (or of the header): what recovery would keep. */
    private long fileBytes;
    private long fragmentSequence;
    private long nonIncreasingPts;
    private boolean started;
    private State state = State.OPEN;

    private Fmp4SegmentWriter(FileChannel channel, Path root, Path relativePath, SegmentStart start,
                              SegmentWriterOptions options, FsyncTimers fsyncs) {
        this.channel = channel;
        this.relativePath = relativePath;
        this.file = root.resolve(relativePath);
        this.start = start;
        this.options = options;
        this.fsyncs = fsyncs;
        this.fragmentDuration90k = options.fragmentDuration90k();
        this.digest = sha256Digest();
    }

    /**
     * Creates {@code root/relativePath} (which must not exist; its directory must), writes the init segment and,
     * under {@link FsyncPolicy#EACH_FRAGMENT}, makes the file's name durable so that every later fragment (whose
     * fdatasync also covers the header) is recoverable. On failure the new file is removed.
     */
    static Fmp4SegmentWriter create(Path root, Path relativePath, SegmentStart start, SegmentWriterOptions options,
                                    FsyncTimers fsyncs, SegmentChannelFactory channels) throws IOException {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(fsyncs, "fsyncs");
        byte[] header = InitSegment.encode(start);
        Path file = root.resolve(relativePath);
        FileChannel channel = channels.create(file);
        Fmp4SegmentWriter writer = new Fmp4SegmentWriter(channel, root, relativePath, start, options, fsyncs);
        try {
            writer.digest.update(header);
            writer.writeFully(new ByteBuffer[] {ByteBuffer.wrap(header)});
            writer.fileBytes = header.length;
            if (options.fsync() == FsyncPolicy.EACH_FRAGMENT) {
                // Only the name: the first fragment's fdatasync makes the header durable with it. A crash before
                // that leaves a file with no complete fragment, which recovery quarantines whether or not its
                // header reached the disk, so syncing the header alone bought nothing (docs/performance.md, R3).
                fsyncs.fsyncDirectory(file.getParent());
            }
            return writer;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void append(AccessUnit unit) throws IOException {
        Objects.requireNonNull(unit, "unit");
        requireOpen();
        if (!started) {
            if (!unit.keyframe()) {
                throw new IllegalArgumentException("a segment must start with a keyframe: " + unit);
            }
            started = true;
            held = unit;
            return;
        }
        long duration = unit.pts90k() - held.pts90k();
        if (duration > MAX_SAMPLE_DURATION_90K) {
            throw new IllegalArgumentException("PTS jumps by " + duration + " ticks from " + held.pts90k() + " to "
                    + unit.pts90k() + ": a discontinuity must end the segment");
        }
        if (duration <= 0) {
            nonIncreasingPts++;
            LOG.debug("{}: PTS {} does not increase after {}; previous sample gets 1 tick", relativePath,
                    unit.pts90k(), held.pts90k());
            duration = 1;
        }
        buffer(held, duration);
        held = null;
        if (bufferedDuration90k >= fragmentDuration90k
                || bufferedBytes + unit.avccBytes() > options.maxFragmentBytes()
                || units.size() >= Fmp4Layout.MAX_SAMPLES_PER_FRAGMENT) {
            writeFragment();
        }
        held = unit;
    }

    @Override
    public long mediaDuration90k() {
        return writtenDuration90k + bufferedDuration90k + (held == null ? 0 : provisionalDuration90k());
    }

    /** Units whose PTS did not increase over the previous one (each given a 1-tick predecessor). */
    public long nonIncreasingPts() {
        return nonIncreasingPts;
    }

    @Override
    public SegmentSummary finish(EndReason reason) throws IOException {
        Objects.requireNonNull(reason, "reason");
        if (state == State.CLOSED) {
            throw new IllegalStateException("segment writer already closed: " + relativePath);
        }
        if (state == State.FAILED) {
            return finishAfterFailure(reason);
        }
        if (held != null) {
            buffer(held, provisionalDuration90k());
            held = null;
        }
        if (!units.isEmpty()) {
            writeFragment();
        }
        try {
            if (options.fsync() != FsyncPolicy.EACH_FRAGMENT || fragments.isEmpty()) {
                fsyncs.force(channel, true);
                channel.close();
                state = State.CLOSED;
                fsyncs.fsyncDirectory(file.getParent());
            } else {
                // Every fragment was fdatasync'ed as it was written, which covers the data and the file size, and
                // the name was made durable at create and has not changed: a full fsync would add only the mtime,
                // and the directory sync nothing (docs/performance.md, R3).
                channel.close();
                state = State.CLOSED;
            }
        } catch (IOException e) {
            fail();
            throw e;
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        return summary(sha256, reason);
    }

    @Override
    public void abandon() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            closeQuietly(channel);
            LOG.debug("{}: abandoned after {} complete fragments", relativePath, fragments.size());
        }
    }

    /** The file, relative to the storage root. */
    public Path relativePath() {
        return relativePath;
    }

    /**
     * After a failed write: cut the file back to its last complete fragment and close it durably. The failed
     * fragment's units are not in the summary. A file without a complete fragment holds no playable video: it is
     * removed (as a failed {@link #create} removes its file) rather than left for startup recovery to quarantine.
     */
    private SegmentSummary finishAfterFailure(EndReason reason) throws IOException {
        try {
            if (fragments.isEmpty()) {
                closeQuietly(channel);
                state = State.CLOSED;
                Files.deleteIfExists(file);
                fsyncs.fsyncDirectory(file.getParent());
                throw new IOException(relativePath + ": no complete fragment was written before the failure;"
                        + " file removed");
            }
            channel.truncate(fileBytes);
            fsyncs.force(channel, true);
            channel.close();
            state = State.CLOSED;
            fsyncs.fsyncDirectory(file.getParent());
            return summary(SegmentFileScanner.sha256(file), reason);
        } finally {
            abandon();
        }
    }

    private SegmentSummary summary(String sha256, EndReason reason) {
        Instant end = start.startUtc().plus(Duration.ofNanos(Math.multiplyExact(writtenDuration90k, 100_000L) / 9));
        return new SegmentSummary(start, relativePath, end, writtenDuration90k, fileBytes, writtenFrames, sha256,
                fragments, reason);
    }

    private long provisionalDuration90k() {
        return lastDuration90k > 0 ? lastDuration90k : DEFAULT_LAST_SAMPLE_DURATION_90K;
    }

    private void buffer(AccessUnit unit, long duration90k) {
        if (units.size() == durations90k.length) {
            durations90k = Arrays.copyOf(durations90k, durations90k.length * 2);
        }
        durations90k[units.size()] = duration90k;
        units.add(unit);
        bufferedBytes += unit.avccBytes();
        bufferedDuration90k += duration90k;
        lastDuration90k = duration90k;
    }

    /**
     * Writes the buffered units as one fragment through this thread's staging buffer ({@link StagedWrite}), then
     * fsyncs per policy.
     */
    private void writeFragment() throws IOException {
        int moofBytes = FragmentHeader.encode(moof, fragmentSequence + 1, writtenDuration90k, units, durations90k);
        ByteBuffer moofView = moof.view();
        long fragmentBytes;
        try {
            StagedWrite out = StagedWrite.begin(channel);
            // The digest reads the heap arrays (the SHA-256 intrinsic works on arrays), the file gets the staged copy.
            digest.update(moofView.duplicate());
            out.put(moofView);
            for (AccessUnit unit : units) {
                for (byte[] nalu : unit.nalus()) {
                    // ISO/IEC 14496-15 §5.3.2: each NAL unit is preceded by its length (lengthSizeMinusOne = 3).
                    lengthPrefix[0] = (byte) (nalu.length >>> 24);
                    lengthPrefix[1] = (byte) (nalu.length >>> 16);
                    lengthPrefix[2] = (byte) (nalu.length >>> 8);
                    lengthPrefix[3] = (byte) nalu.length;
                    digest.update(lengthPrefix);
                    digest.update(nalu);
                    out.putInt(nalu.length);
                    out.put(nalu);
                }
            }
            fragmentBytes = out.finish();
            if (options.fsync() == FsyncPolicy.EACH_FRAGMENT) {
                fsyncs.force(channel, false);
            }
        } catch (IOException e) {
            fail();
            throw e;
        }
        fragmentSequence++;
        fragments.add(new FragmentEntry(writtenDuration90k, fileBytes, fragmentBytes, units.size(),
                units.get(0).keyframe()));
        fileBytes += fragmentBytes;
        writtenDuration90k += bufferedDuration90k;
        writtenFrames += units.size();
        LOG.trace("{}: fragment {} of {} samples, moof {} bytes, {} bytes in all", relativePath, fragmentSequence,
                units.size(), moofBytes, fragmentBytes);
        units.clear();
        bufferedBytes = 0;
        bufferedDuration90k = 0;
    }

    /** {@code writev(2)} writes at most IOV_MAX buffers and may stop short: loop until every buffer is drained. */
    private void writeFully(ByteBuffer[] buffers) throws IOException {
        int first = 0;
        while (first < buffers.length) {
            channel.write(buffers, first, buffers.length - first);
            while (first < buffers.length && !buffers[first].hasRemaining()) {
                first++;
            }
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("segment writer is " + state.name().toLowerCase() + ": " + relativePath);
        }
    }

    private void fail() {
        if (state == State.OPEN) {
            state = State.FAILED;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing a segment file failed: {}", e.toString());
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
