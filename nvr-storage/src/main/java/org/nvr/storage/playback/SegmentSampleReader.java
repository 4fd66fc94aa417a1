package org.nvr.storage.playback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;
import org.nvr.storage.segment.AvcDecoderConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one segment file sample by sample: its parameters from the {@code avcC} in the {@code moov}, then any
 * fragment ({@link MoofReader}) and its samples as access units. Memory is bounded by one fragment's samples
 * ({@code maxFragmentBytes}). Blocking I/O on the caller's thread; not thread-safe.
 *
 * <p>Times: a sample's media time is its fragment's {@code tfdt} plus the durations before it; its wall clock is
 * the segment's start plus that media time ({@link WallTime}), and its {@code pts90k} that wall time in 90 kHz
 * ticks since the epoch.
 */
public final class SegmentSampleReader implements AutoCloseable {
    /** Default bound on one fragment's sample bytes: twice the writer's default fragment bound of 32 MiB. */
    public static final int DEFAULT_MAX_FRAGMENT_BYTES = 64 << 20;
    /** {@code ftyp}, metadata and {@code moov} are a few hundred bytes; more is not a segment of ours. */
    static final int MAX_HEADER_BOX_BYTES = 1 << 20;
    /** Header boxes looked at before the {@code moov} ({@code ftyp}, our {@code uuid}, perhaps a {@code free}). */
    private static final int MAX_BOXES_BEFORE_MOOV = 8;
    /** VisualSampleEntry (ISO/IEC 14496-12 §12.1.3): 78 bytes of fields before its child boxes. */
    private static final int VISUAL_SAMPLE_ENTRY_FIELDS = 78;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSampleReader.class);

    private final FileChannel channel;
    private final Path file;
    private final String name;
    private final long fileSize;
    private final Instant startUtc;
    private final ClockSource clockSource;
    private final int maxFragmentBytes;
    private final VideoParameters parameters;
    private final long firstFragmentOffset;

    private SegmentSampleReader(FileChannel channel, Path file, Instant startUtc, ClockSource clockSource,
                                int maxFragmentBytes) throws IOException {
        this.channel = channel;
        this.file = file;
        this.name = file.toString();
        this.fileSize = channel.size();
        this.startUtc = startUtc;
        this.clockSource = clockSource;
        this.maxFragmentBytes = maxFragmentBytes;
        long moovEnd = -1;
        VideoParameters found = null;
        long pos = 0;
        for (int i = 0; i < MAX_BOXES_BEFORE_MOOV && found == null; i++) {
            Boxes.Header box = Boxes.header(channel, fileSize, pos, name + ": header");
            if (i == 0 && !box.type().equals("ftyp")) {
                throw new MalformedInputException(name + ": not an MP4 file: first box is '" + box.type() + "'");
            }
            if (box.type().equals("moov")) {
                found = movieParameters(box);
                moovEnd = box.end();
            }
            pos = box.end();
        }
        if (found == null) {
            throw new MalformedInputException(name + ": no moov in the first " + MAX_BOXES_BEFORE_MOOV + " boxes");
        }
        this.parameters = found;
        this.firstFragmentOffset = moovEnd;
    }

    /** Opens a segment file with the default fragment bound. */
    public static SegmentSampleReader open(Path file, Instant startUtc, ClockSource clockSource) throws IOException {
        return open(file, startUtc, clockSource, DEFAULT_MAX_FRAGMENT_BYTES);
    }

    /**
     * Opens a segment file and reads its header.
     *
     * @param startUtc         the segment's start (from its index row): wall time of media time 0
     * @param clockSource      how that start was obtained, given to every access unit
     * @param maxFragmentBytes most sample bytes of one fragment read at once; a larger fragment is refused
     * @throws java.nio.file.NoSuchFileException if the file is missing
     * @throws MalformedInputException           naming the file when its header is not a segment header
     */
    public static SegmentSampleReader open(Path file, Instant startUtc, ClockSource clockSource,
                                           int maxFragmentBytes) throws IOException {
        Objects.requireNonNull(startUtc, "startUtc");
        Objects.requireNonNull(clockSource, "clockSource");
        if (maxFragmentBytes <= 0) {
            throw new IllegalArgumentException("maxFragmentBytes must be positive: " + maxFragmentBytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SegmentSampleReader(channel, file, startUtc, clockSource, maxFragmentBytes);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Its SPS/PPS and what they say. */
    public VideoParameters parameters() {
        return parameters;
    }

    /** File offset of the first fragment's {@code moof}: just after the {@code moov}. */
    public long firstFragmentOffset() {
        return firstFragmentOffset;
    }

    /** The file's size when opened. */
    public long fileSize() {
        return fileSize;
    }

    /** Whether a fragment may start at {@code offset} (it is before the end of the file). */
    public boolean hasFragmentAt(long offset) {
        return offset < fileSize;
    }

    /** The fragment at {@code offset} (a {@link org.nvr.core.record.FragmentEntry#byteOffset()} or a run's next). */
    public FragmentRun readFragment(long offset) throws IOException {
        FragmentRun run = MoofReader.read(channel, fileSize, offset, name);
        long bytes = run.sampleOffset(run.sampleCount()) - run.sampleOffset(0);
        if (bytes > maxFragmentBytes) {
            throw new MalformedInputException(name + ": fragment at byte " + offset + " holds " + bytes
                    + " sample bytes, more than the " + maxFragmentBytes + " read at once");
        }
        return run;
    }

    /** Wall time of sample {@code i} of {@code run}. */
    public Instant wallClock(FragmentRun run, int i) {
        return WallTime.of(startUtc, run.mediaTime90k(i));
    }

    /**
     * Samples {@code fromSample} to the end of {@code run} as access units, their bytes read with one positional
     * read and split at the 4-byte NAL unit lengths (ISO/IEC 14496-15 §5.3.2).
     *
     * @throws MalformedInputException naming the file and byte when a length does not fit its sample
     */
    public List<AccessUnit> readSamples(FragmentRun run, int fromSample) throws IOException {
        if (fromSample < 0 || fromSample > run.sampleCount()) {
            throw new IndexOutOfBoundsException("sample " + fromSample + " of " + run.sampleCount());
        }
        long first = run.sampleOffset(fromSample);
        ByteBuffer data = Boxes.read(channel, first, (int) (run.sampleOffset(run.sampleCount()) - first));
        List<AccessUnit> units = new ArrayList<>(run.sampleCount() - fromSample);
        for (int i = fromSample; i < run.sampleCount(); i++) {
            int at = (int) (run.sampleOffset(i) - first);
            int end = (int) (run.sampleOffset(i + 1) - first);
            List<byte[]> nalus = splitNalUnits(data.array(), at, end, first);
            long media90k = run.mediaTime90k(i);
            units.add(new AccessUnit(WallTime.ticks(startUtc, media90k), WallTime.of(startUtc, media90k),
                    clockSource, run.keyframe(i), nalus));
        }
        return units;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // A file opened for reading: nothing written can be lost, so the failure is only worth a warning.
            LOG.warn("{}: close failed: {}", name, e.toString());
        }
    }

    private List<byte[]> splitNalUnits(byte[] data, int at, int end, long base) {
        List<byte[]> nalus = new ArrayList<>(4);
        while (at < end) {
            if (end - at < AvcDecoderConfiguration.LENGTH_SIZE + 1) {
                throw new MalformedInputException(name + ": " + (end - at) + " bytes left at byte " + (base + at)
                        + ", too few for a length-prefixed NAL unit");
            }
            long length = ByteBuffer.wrap(data, at, 4).getInt() & 0xffff_ffffL;
            if (length == 0 || length > end - at - 4) {
                throw new MalformedInputException(name + ": NAL unit length " + length + " at byte " + (base + at)
                        + " does not fit its sample (" + (end - at - 4) + " bytes left)");
            }
            nalus.add(Arrays.copyOfRange(data, at + 4, at + 4 + (int) length));
            at += 4 + (int) length;
        }
        if (nalus.isEmpty()) {
            throw new MalformedInputException(name + ": empty sample at byte " + (base + at));
        }
        return nalus;
    }

    /** moov/trak/mdia/minf/stbl/stsd/avc1/avcC (ISO/IEC 14496-12 §8.5.2, ISO/IEC 14496-15 §5.4.2). */
    private VideoParameters movieParameters(Boxes.Header moovBox) throws IOException {
        if (moovBox.size() > MAX_HEADER_BOX_BYTES) {
            throw new MalformedInputException(name + ": moov of " + moovBox.size() + " bytes exceeds "
                    + MAX_HEADER_BOX_BYTES);
        }
        String where = name + ": moov at byte " + moovBox.start();
        byte[] moov = Boxes.read(channel, moovBox.start(), (int) moovBox.size()).array();
        Boxes.Span trak = Boxes.child(moov, moovBox.headerBytes(), moov.length, "trak", where);
        Boxes.Span mdia = Boxes.child(moov, trak.payload(), trak.end(), "mdia", where);
        Boxes.Span minf = Boxes.child(moov, mdia.payload(), mdia.end(), "minf", where);
        Boxes.Span stbl = Boxes.child(moov, minf.payload(), minf.end(), "stbl", where);
        Boxes.Span stsd = Boxes.child(moov, stbl.payload(), stbl.end(), "stsd", where);
        // stsd: version and flags, entry_count, then the sample entries.
        Boxes.Span avc1 = Boxes.child(moov, stsd.payload() + 8, stsd.end(), "avc1", where);
        Boxes.Span avcc = Boxes.child(moov, avc1.payload() + VISUAL_SAMPLE_ENTRY_FIELDS, avc1.end(), "avcC", where);
        try {
            return AvcDecoderConfiguration.decode(Arrays.copyOfRange(moov, avcc.payload(), avcc.end()));
        } catch (MalformedInputException | IllegalArgumentException e) {
            throw new MalformedInputException(where + ": bad avcC: " + e.getMessage(), e);
        }
    }
}
