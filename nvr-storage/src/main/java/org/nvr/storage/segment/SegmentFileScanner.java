package org.nvr.storage.segment;

import org.nvr.storage.fs.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;

/**
 * Verifies segment files and recovers them after a crash (DESIGN.md, "Durability": "recover the partial segment
 * from the last complete fragment and index it").
 *
 * <p>A scan streams the file through a 64 KiB buffer: it reads the header boxes (at most 1 MiB each), each
 * {@code moof} (bounded by {@link Fmp4Layout#MAX_SAMPLES_PER_FRAGMENT} samples) and the 4-byte NAL unit lengths
 * inside each {@code mdat}, skipping the NAL payloads. Garbage (random bytes, impossible box sizes, truncation at
 * any byte) gives a {@link ScanResult#problem()}, never an exception; only I/O failures throw.
 */
public final class SegmentFileScanner {
    /** A {@code moof} of {@link Fmp4Layout#MAX_SAMPLES_PER_FRAGMENT} samples at 12 bytes each, plus its headers. */
    static final int MAX_MOOF_BYTES = 2 << 20;
    private static final int MAX_FTYP_BYTES = 1024;
    private static final int UUID_BYTES = 16;
    private static final int HASH_BUFFER_BYTES = 64 * 1024;

    private SegmentFileScanner() {
    }

    /** Scans a segment file. */
    public static ScanResult scan(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Scan(new ChannelReader(channel, channel.size())).run();
        }
    }

    /**
     * Recovers a segment found on disk without an index row: truncates it after its last complete fragment,
     * fsyncs it and its directory, and returns its summary with {@link EndReason#RECOVERED}.
     *
     * @param root     the storage root
     * @param relative the file, relative to the root, as {@link SegmentPaths} lays it out
     * @throws NvrException {@code INVALID_ARGUMENT} when the path is not a segment path; {@code DATA_LOSS} when the
     *                      file holds no complete fragment or its metadata disagrees with its name (the caller
     *                      deletes or quarantines it)
     */
    public static SegmentSummary recover(Path root, Path relative) throws IOException {
        Optional<SegmentPathParts> parts = SegmentPaths.parse(relative);
        if (parts.isEmpty()) {
            throw new NvrException(NvrException.Kind.INVALID_ARGUMENT, "not a segment path: " + relative);
        }
        Path file = root.resolve(relative);
        ScanResult scan = scan(file);
        if (scan.header() == null || scan.fragments().isEmpty()) {
            throw new NvrException(NvrException.Kind.DATA_LOSS, relative + ": no complete fragment to recover"
                    + (scan.problem() == null ? "" : " (" + scan.problem() + ")"));
        }
        SegmentStart start = scan.header().start();
        SegmentPathParts named = parts.get();
        if (!named.stream().equals(start.stream()) || named.sequence() != start.sequence()
                || !named.startUtc().equals(SegmentPaths.nameTime(start.startUtc()))) {
            throw new NvrException(NvrException.Kind.DATA_LOSS, relative + ": the name says " + named
                    + " but the metadata says " + start.stream() + " #" + start.sequence() + " at "
                    + start.startUtc());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() > scan.validBytes()) {
                channel.truncate(scan.validBytes());
            }
            channel.force(true);
        }
        DurableFiles.fsyncDirectory(file.getParent());
        Instant end = start.startUtc().plus(Duration.ofNanos(
                Math.multiplyExact(scan.mediaDuration90k(), 100_000L) / 9));
        return new SegmentSummary(start, relative, end, scan.mediaDuration90k(), scan.validBytes(), scan.frames(),
                sha256(file), scan.fragments(), EndReason.RECOVERED);
    }

    /** Lower-case hex SHA-256 of a file's bytes, read in 64 KiB blocks. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] block = new byte[HASH_BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(block)) > 0) {
                digest.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Thrown inside a scan to stop it with a problem; never escapes {@link #scan}. */
    private static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** A box header read from the file. */
    private record Box(String type, long start, int headerBytes, long size) {
        long end() {
            return start + size;
        }

        long payload() {
            return start + headerBytes;
        }
    }

    /** A box inside an in-memory parent: payload {@code [payload, end)}. */
    private record Span(int payload, int end) {
    }

    /** One scan's state. */
    private static final class Scan {
        private final ChannelReader in;
        private final List<FragmentEntry> fragments = new ArrayList<>();
        private SegmentFileHeader header;
        private long validBytes;
        private long frames;
        private long duration90k;

        Scan(ChannelReader in) {
            this.in = in;
        }

        ScanResult run() throws IOException {
            String problem;
            try {
                long pos = readHeader();
                validBytes = pos;
                int fragment = 1;
                while (pos < in.size()) {
                    pos = readFragment(pos, fragment++);
                    validBytes = pos;
                }
                problem = null;
            } catch (Problem p) {
                problem = p.getMessage();
            }
            return new ScanResult(header, fragments, validBytes, in.size(), frames, duration90k, problem);
        }

        /** {@code ftyp}, our {@code uuid} metadata and {@code moov}; returns the end of {@code moov}. */
        private long readHeader() throws IOException, Problem {
            String where = "header";
            if (in.size() == 0) {
                throw new Problem("empty file");
            }
            Box ftyp = box(0, where);
            if (!ftyp.type().equals("ftyp")) {
                throw new Problem("not an MP4 file: first box is '" + ftyp.type() + "', not 'ftyp'");
            }
            requireWithin(ftyp, MAX_FTYP_BYTES, where);
            Box uuid = box(ftyp.end(), where);
            if (!uuid.type().equals("uuid") || uuid.size() < uuid.headerBytes() + UUID_BYTES) {
                throw new Problem("not an NVR segment: no uuid metadata after ftyp (found '" + uuid.type() + "')");
            }
            requireWithin(uuid, uuid.headerBytes() + UUID_BYTES + SegmentFileHeader.MAX_METADATA_BYTES, where);
            byte[] user = in.bytes(uuid.payload(), (int) (uuid.size() - uuid.headerBytes()));
            if (!Arrays.equals(user, 0, UUID_BYTES, Fmp4Layout.METADATA_UUID, 0, UUID_BYTES)) {
                throw new Problem("not an NVR segment: the uuid box after ftyp has another user type");
            }
            byte[] metadata = Arrays.copyOfRange(user, UUID_BYTES, user.length);
            Box moov = box(uuid.end(), where);
            if (!moov.type().equals("moov")) {
                throw new Problem("no moov after the metadata (found '" + moov.type() + "' at byte " + moov.start()
                        + ")");
            }
            requireWithin(moov, Fmp4Layout.MAX_HEADER_BOX_BYTES, where);
            byte[] movie = in.bytes(moov.start(), (int) moov.size());
            VideoParameters parameters = readMovie(movie);
            try {
                header = SegmentFileHeader.decode(metadata, parameters);
            } catch (MalformedInputException e) {
                throw new Problem("bad metadata: " + e.getMessage());
            }
            return moov.end();
        }

        /** Checks the fragmented-movie structure we write and reads the parameters from {@code avcC}. */
        private VideoParameters readMovie(byte[] moov) throws Problem {
            Span trak = child(moov, 8, moov.length, "trak", "moov");
            child(moov, 8, moov.length, "mvex", "moov");
            Span mdia = child(moov, trak.payload(), trak.end(), "mdia", "trak");
            Span mdhd = child(moov, mdia.payload(), mdia.end(), "mdhd", "mdia");
            if (mdhd.end() - mdhd.payload() < 24 || moov[mdhd.payload()] != 0
                    || u32(moov, mdhd.payload() + 12) != Fmp4Layout.TIMESCALE_90K) {
                throw new Problem("mdhd is not version 0 with a 90 kHz timescale");
            }
            Span minf = child(moov, mdia.payload(), mdia.end(), "minf", "mdia");
            Span stbl = child(moov, minf.payload(), minf.end(), "stbl", "minf");
            Span stsd = child(moov, stbl.payload(), stbl.end(), "stsd", "stbl");
            // stsd: version and flags (4), entry_count (4), then the sample entries.
            Span avc1 = child(moov, stsd.payload() + 8, stsd.end(), "avc1", "stsd");
            // VisualSampleEntry (ISO/IEC 14496-12 §12.1.3): 78 bytes of fields before its child boxes.
            Span avcc = child(moov, avc1.payload() + 78, avc1.end(), "avcC", "avc1");
            try {
                return AvcDecoderConfiguration.decode(Arrays.copyOfRange(moov, avcc.payload(), avcc.end()));
            } catch (MalformedInputException | IllegalArgumentException e) {
                throw new Problem("bad avcC: " + e.getMessage());
            }
        }

        /** One {@code moof}+{@code mdat} at {@code pos}; returns the end of the {@code mdat}. */
        private long readFragment(long pos, int number) throws IOException, Problem {
            String where = "fragment " + number;
            Box moofBox = box(pos, where);
            if (!moofBox.type().equals("moof")) {
                throw new Problem(where + ": expected moof at byte " + pos + ", found '" + moofBox.type() + "'");
            }
            if (moofBox.headerBytes() != 8) {
                throw new Problem(where + ": bad box size: moof with a 64-bit size at byte " + pos);
            }
            requireWithin(moofBox, MAX_MOOF_BYTES, where);
            byte[] moof = in.bytes(pos, (int) moofBox.size());
            Run run = readMoof(moof, number, where);
            Box mdat = box(moofBox.end(), where);
            if (!mdat.type().equals("mdat")) {
                throw new Problem(where + ": moof is followed by '" + mdat.type() + "', not mdat, at byte "
                        + mdat.start());
            }
            if (mdat.end() > in.size()) {
                throw truncated(where);
            }
            if (run.dataOffset != moofBox.size() + mdat.headerBytes()) {
                throw new Problem(where + ": trun data offset " + run.dataOffset + " does not point at the mdat "
                        + "payload (" + (moofBox.size() + mdat.headerBytes()) + ")");
            }
            long payload = mdat.size() - mdat.headerBytes();
            if (run.totalBytes != payload) {
                throw new Problem(where + ": samples total " + run.totalBytes + " bytes but the mdat holds "
                        + payload);
            }
            checkNalLengths(mdat.payload(), run.sizes, where);
            fragments.add(new FragmentEntry(duration90k, pos, mdat.end() - pos, run.sizes.length, run.keyframeFirst));
            frames += run.sizes.length;
            duration90k += run.totalDuration90k;
            return mdat.end();
        }

        /** The samples of one track run. */
        private record Run(long dataOffset, long[] sizes, long totalBytes, long totalDuration90k,
                           boolean keyframeFirst) {
        }

        /** §8.8.4 to §8.8.12: mfhd, one traf with tfhd (track 1), tfdt and trun. */
        private Run readMoof(byte[] moof, int number, String where) throws Problem {
            Span mfhd = child(moof, 8, moof.length, "mfhd", "moof");
            if (mfhd.end() - mfhd.payload() < 8 || u32(moof, mfhd.payload() + 4) != number) {
                throw new Problem(where + ": mfhd sequence number is not " + number);
            }
            Span traf = child(moof, 8, moof.length, "traf", "moof");
            Span tfhd = child(moof, traf.payload(), traf.end(), "tfhd", "traf");
            int tfhdFlags = (int) (u32(moof, tfhd.payload()) & 0xffffff);
            int at = tfhd.payload() + 4;
            if (tfhd.end() - at < 4 || u32(moof, at) != Fmp4Layout.TRACK_ID) {
                throw new Problem(where + ": tfhd is not for track " + Fmp4Layout.TRACK_ID);
            }
            at += 4;
            if ((tfhdFlags & 0x000001) != 0 || (tfhdFlags & Fmp4Layout.TFHD_DEFAULT_BASE_IS_MOOF) == 0) {
                throw new Problem(where + ": tfhd flags 0x" + Integer.toHexString(tfhdFlags)
                        + " lack default-base-is-moof or carry a base data offset");
            }
            long defaultDuration = -1;
            long defaultSize = -1;
            long defaultFlags = 0;
            int[] optional = {0x000002, 0x000008, 0x000010, 0x000020};
            for (int flag : optional) {
                if ((tfhdFlags & flag) != 0) {
                    if (tfhd.end() - at < 4) {
                        throw new Problem(where + ": tfhd too short for its flags");
                    }
                    long value = u32(moof, at);
                    at += 4;
                    if (flag == 0x000008) {
                        defaultDuration = value;
                    } else if (flag == 0x000010) {
                        defaultSize = value;
                    } else if (flag == 0x000020) {
                        defaultFlags = value;
                    }
                }
            }
            Span tfdt = child(moof, traf.payload(), traf.end(), "tfdt", "traf");
            // Version and flags, then a 32-bit time (version 0) or a 64-bit one (version 1). An empty tfdt at
            // the end of the moof made the version read fail with an index error (found by fuzzing).
            if (tfdt.end() - tfdt.payload() < 8) {
                throw new Problem(where + ": tfdt too short");
            }
            int tfdtVersion = moof[tfdt.payload()] & 0xff;
            int tfdtBytes = tfdtVersion == 1 ? 12 : 8;
            if (tfdt.end() - tfdt.payload() < tfdtBytes) {
                throw new Problem(where + ": tfdt too short");
            }
            long base = tfdtVersion == 1 ? u64(moof, tfdt.payload() + 4) : u32(moof, tfdt.payload() + 4);
            if (base != duration90k) {
                throw new Problem(where + ": tfdt base media decode time " + base + " is not the "
                        + duration90k + " ticks of the fragments before it");
            }
            Span trun = child(moof, traf.payload(), traf.end(), "trun", "traf");
            int trunFlags = (int) (u32(moof, trun.payload()) & 0xffffff);
            if ((trunFlags & Fmp4Layout.TRUN_DATA_OFFSET) == 0) {
                throw new Problem(where + ": trun has no data offset");
            }
            at = trun.payload() + 4;
            if (trun.end() - at < 8) {
                throw new Problem(where + ": trun too short");
            }
            long count = u32(moof, at);
            long dataOffset = (int) u32(moof, at + 4);  // signed 32 bits
            at += 8;
            if (count == 0 || count > Fmp4Layout.MAX_SAMPLES_PER_FRAGMENT) {
                throw new Problem(where + ": trun sample count " + count + " is outside 1.."
                        + Fmp4Layout.MAX_SAMPLES_PER_FRAGMENT);
            }
            long firstFlags = -1;
            if ((trunFlags & Fmp4Layout.TRUN_FIRST_SAMPLE_FLAGS) != 0) {
                if (trun.end() - at < 4) {
                    throw new Problem(where + ": trun too short");
                }
                firstFlags = u32(moof, at);
                at += 4;
            }
            boolean hasDuration = (trunFlags & Fmp4Layout.TRUN_SAMPLE_DURATION) != 0;
            boolean hasSize = (trunFlags & Fmp4Layout.TRUN_SAMPLE_SIZE) != 0;
            boolean hasFlags = (trunFlags & Fmp4Layout.TRUN_SAMPLE_FLAGS) != 0;
            boolean hasOffset = (trunFlags & Fmp4Layout.TRUN_SAMPLE_COMPOSITION_OFFSET) != 0;
            int perSample = 4 * ((hasDuration ? 1 : 0) + (hasSize ? 1 : 0) + (hasFlags ? 1 : 0) + (hasOffset ? 1 : 0));
            if ((!hasDuration && defaultDuration < 0) || (!hasSize && defaultSize < 0)) {
                throw new Problem(where + ": sample durations or sizes are neither in trun nor in tfhd");
            }
            if ((long) perSample * count > trun.end() - at) {
                throw new Problem(where + ": trun of " + count + " samples does not fit its box");
            }
            long[] sizes = new long[(int) count];
            long totalBytes = 0;
            long totalDuration = 0;
            boolean keyframeFirst = false;
            for (int i = 0; i < count; i++) {
                long sampleDuration = hasDuration ? u32(moof, at) : defaultDuration;
                at += hasDuration ? 4 : 0;
                long size = hasSize ? u32(moof, at) : defaultSize;
                at += hasSize ? 4 : 0;
                long flags = hasFlags ? u32(moof, at) : (i == 0 && firstFlags >= 0 ? firstFlags : defaultFlags);
                at += hasFlags ? 4 : 0;
                at += hasOffset ? 4 : 0;
                if (i == 0) {
                    keyframeFirst = (flags & Fmp4Layout.SAMPLE_IS_NON_SYNC) == 0;
                }
                sizes[i] = size;
                totalBytes += size;
                totalDuration += sampleDuration;
            }
            return new Run(dataOffset, sizes, totalBytes, totalDuration, keyframeFirst);
        }

        /**
         * ISO/IEC 14496-15 §5.3.2: every sample is a sequence of 4-byte lengths and NAL units that fills it exactly.
         * Catches ranges that a crash left as zeros (length 0) or garbage, which sizes alone would not.
         */
        private void checkNalLengths(long payload, long[] sizes, String where) throws IOException, Problem {
            long sampleStart = payload;
            for (int i = 0; i < sizes.length; i++) {
                long end = sampleStart + sizes[i];
                long at = sampleStart;
                while (at < end) {
                    if (end - at < AvcDecoderConfiguration.LENGTH_SIZE + 1) {
                        throw new Problem(where + ", sample " + (i + 1) + ": " + (end - at)
                                + " bytes left at byte " + at + ", too few for a NAL unit");
                    }
                    long length = in.u32(at);
                    int nalHeader = in.u8(at + 4);
                    if (length == 0 || length > end - at - 4 || (nalHeader & 0x80) != 0 || (nalHeader & 0x1f) == 0) {
                        throw new Problem(where + ", sample " + (i + 1) + ": bad NAL unit (length " + length
                                + ", header 0x" + Integer.toHexString(nalHeader) + ") at byte " + at);
                    }
                    at += 4 + length;
                }
                sampleStart = end;
            }
        }

        /** Reads the box header at {@code pos}; the box itself may extend past the end of the file. */
        private Box box(long pos, String where) throws IOException, Problem {
            if (pos + 8 > in.size()) {
                throw truncated(where);
            }
            long size = in.u32(pos);
            String type = fourCc(in.bytes(pos + 4, 4), 0);
            int headerBytes = 8;
            if (size == 1) {
                if (pos + 16 > in.size()) {
                    throw truncated(where);
                }
                size = in.u64(pos + 8);
                headerBytes = 16;
            } else if (size == 0) {
                throw new Problem(where + ": bad box size: '" + type + "' at byte " + pos
                        + " has size 0 (to the end of the file), which segments never use");
            }
            if (size < headerBytes) {
                throw new Problem(where + ": bad box size " + size + " for '" + type + "' at byte " + pos);
            }
            return new Box(type, pos, headerBytes, size);
        }

        /** A header box must lie within the file and within {@code maxBytes}. */
        private void requireWithin(Box box, long maxBytes, String where) throws Problem {
            if (box.size() > maxBytes) {
                throw new Problem(where + ": bad box size " + box.size() + " for '" + box.type() + "' at byte "
                        + box.start() + " (at most " + maxBytes + ")");
            }
            if (box.end() > in.size()) {
                throw truncated(where);
            }
        }

        private Problem truncated(String where) {
            return new Problem("truncated in " + where + " at byte " + in.size());
        }

        /** The first child of type {@code type} within {@code [from, to)} of an in-memory box. */
        private static Span child(byte[] data, int from, int to, String type, String parent) throws Problem {
            int at = from;
            while (at + 8 <= to) {
                long size = u32(data, at);
                if (size < 8 || size > to - at) {
                    throw new Problem("bad box size " + size + " for '" + fourCc(data, at + 4) + "' in " + parent);
                }
                if (fourCc(data, at + 4).equals(type)) {
                    return new Span(at + 8, at + (int) size);
                }
                at += (int) size;
            }
            throw new Problem(parent + " has no " + type);
        }

        private static long u32(byte[] data, int at) throws Problem {
            if (at < 0 || at + 4 > data.length) {
                throw new Problem("box ends inside a field");
            }
            return ByteBuffer.wrap(data, at, 4).getInt() & 0xffff_ffffL;
        }

        private static long u64(byte[] data, int at) throws Problem {
            return (u32(data, at) << 32) | u32(data, at + 4);
        }

        /** A box type for messages: printable ASCII as is, anything else as hex. */
        private static String fourCc(byte[] data, int at) {
            boolean printable = true;
            for (int i = at; i < at + 4; i++) {
                printable &= data[i] >= 0x20 && data[i] < 0x7f;
            }
            return printable ? new String(data, at, 4, StandardCharsets.ISO_8859_1)
                    : "0x" + HexFormat.of().formatHex(data, at, at + 4);
        }
    }
}
