package org.nvr.storage.playback;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.nvr.core.model.MalformedInputException;
import org.nvr.storage.segment.Fmp4Layout;

/**
 * Parses one {@code moof}+{@code mdat} fragment of a file (ISO/IEC 14496-12 §8.8.4 to §8.8.12): {@code mfhd}, one
 * {@code traf} for track 1 with {@code tfhd} (default-base-is-moof, optional defaults and sample description
 * index), {@code tfdt} and one {@code trun}. It reads only the {@code moof} (bounded by {@link #MAX_MOOF_BYTES}) and
 * the {@code mdat} header, and checks that every sample lies inside that {@code mdat}.
 */
public final class MoofReader {
    /** {@link Fmp4Layout#MAX_SAMPLES_PER_FRAGMENT} samples of 16 bytes each, plus the boxes around them. */
    public static final int MAX_MOOF_BYTES = 2 << 20;

    /** §8.8.7.1 {@code tfhd} flags. */
    private static final int TFHD_BASE_DATA_OFFSET = 0x000001;
    private static final int TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
    private static final int TFHD_DEFAULT_DURATION = 0x000008;
    private static final int TFHD_DEFAULT_SIZE = 0x000010;
    private static final int TFHD_DEFAULT_FLAGS = 0x000020;

    private MoofReader() {
    }

    /**
     * Reads the fragment whose {@code moof} starts at {@code offset}.
     *
     * @param name file name for messages
     * @throws MalformedInputException naming the file and the byte offset when the fragment is truncated or not
     *                                 laid out as above
     */
    public static FragmentRun read(FileChannel channel, long fileSize, long offset, String name) throws IOException {
        String where = name + ": fragment at byte " + offset;
        Boxes.Header moofBox = Boxes.header(channel, fileSize, offset, where);
        if (!moofBox.type().equals("moof")) {
            throw new MalformedInputException(where + ": expected 'moof', found '" + moofBox.type() + "'");
        }
        if (moofBox.size() > MAX_MOOF_BYTES) {
            throw new MalformedInputException(where + ": moof of " + moofBox.size() + " bytes exceeds "
                    + MAX_MOOF_BYTES);
        }
        byte[] moof = Boxes.read(channel, offset, (int) moofBox.size()).array();
        Boxes.Header mdat = Boxes.header(channel, fileSize, moofBox.end(), where);
        if (!mdat.type().equals("mdat")) {
            throw new MalformedInputException(where + ": moof is followed by '" + mdat.type() + "', not 'mdat', at byte "
                    + mdat.start());
        }
        int from = moofBox.headerBytes();
        Boxes.Span mfhd = Boxes.child(moof, from, moof.length, "mfhd", where);
        if (mfhd.length() < 8) {
            throw new MalformedInputException(where + ": mfhd too short");
        }
        long sequence = Boxes.u32(moof, mfhd.payload() + 4, where);
        Boxes.Span traf = Boxes.child(moof, from, moof.length, "traf", where);
        Defaults defaults = tfhd(moof, Boxes.child(moof, traf.payload(), traf.end(), "tfhd", where), where);
        Boxes.Span tfdt = Boxes.child(moof, traf.payload(), traf.end(), "tfdt", where);
        // §8.8.12: version and flags, then a 32-bit (version 0) or 64-bit (version 1) time. An empty tfdt at the
        // end of the moof made the version read fail with an index error (found by fuzzing).
        boolean longTime = tfdt.length() >= 4 && (moof[tfdt.payload()] & 0xff) == 1;
        if (tfdt.length() < (longTime ? 12 : 8)) {
            throw new MalformedInputException(where + ": tfdt too short");
        }
        long base = longTime ? Boxes.u64(moof, tfdt.payload() + 4, where)
                : Boxes.u32(moof, tfdt.payload() + 4, where);
        if (base < 0) {
            throw new MalformedInputException(where + ": tfdt base media decode time " + Long.toUnsignedString(base)
                    + " is out of range");
        }
        return trun(moof, Boxes.child(moof, traf.payload(), traf.end(), "trun", where), defaults, offset, sequence,
                base, mdat, where);
    }

    /** What {@code tfhd} says: defaults for fields a {@code trun} leaves out (-1: none). */
    private record Defaults(long duration, long size, long flags) {
    }

    private static Defaults tfhd(byte[] moof, Boxes.Span tfhd, String where) {
        int flags = (int) (Boxes.u32(moof, tfhd.payload(), where) & 0xffffff);
        if (Boxes.u32(moof, tfhd.payload() + 4, where) != Fmp4Layout.TRACK_ID) {
            throw new MalformedInputException(where + ": tfhd is not for track " + Fmp4Layout.TRACK_ID);
        }
        if ((flags & TFHD_BASE_DATA_OFFSET) != 0 || (flags & Fmp4Layout.TFHD_DEFAULT_BASE_IS_MOOF) == 0) {
            throw new MalformedInputException(where + ": tfhd flags 0x" + Integer.toHexString(flags)
                    + " lack default-base-is-moof or carry a base data offset");
        }
        int at = tfhd.payload() + 8;
        long duration = -1;
        long size = -1;
        long sampleFlags = -1;
        int[] optional = {TFHD_SAMPLE_DESCRIPTION_INDEX, TFHD_DEFAULT_DURATION, TFHD_DEFAULT_SIZE,
            TFHD_DEFAULT_FLAGS};
        for (int flag : optional) {
            if ((flags & flag) == 0) {
                continue;
            }
            if (at + 4 > tfhd.end()) {
                throw new MalformedInputException(where + ": tfhd too short for its flags");
            }
            long value = Boxes.u32(moof, at, where);
            at += 4;
            if (flag == TFHD_DEFAULT_DURATION) {
                duration = value;
            } else if (flag == TFHD_DEFAULT_SIZE) {
                size = value;
            } else if (flag == TFHD_DEFAULT_FLAGS) {
                sampleFlags = value;
            }
        }
        return new Defaults(duration, size, sampleFlags);
    }

    private static FragmentRun trun(byte[] moof, Boxes.Span trun, Defaults defaults, long moofOffset, long sequence,
                                    long base, Boxes.Header mdat, String where) {
        int flags = (int) (Boxes.u32(moof, trun.payload(), where) & 0xffffff);
        if ((flags & Fmp4Layout.TRUN_DATA_OFFSET) == 0) {
            throw new MalformedInputException(where + ": trun has no data offset");
        }
        int at = trun.payload() + 4;
        if (trun.end() - at < 8) {
            throw new MalformedInputException(where + ": trun too short");
        }
        long count = Boxes.u32(moof, at, where);
        long dataOffset = moofOffset + (int) Boxes.u32(moof, at + 4, where);  // signed 32 bits from the moof
        at += 8;
        if (count == 0 || count > Fmp4Layout.MAX_SAMPLES_PER_FRAGMENT) {
            throw new MalformedInputException(where + ": trun sample count " + count + " is outside 1.."
                    + Fmp4Layout.MAX_SAMPLES_PER_FRAGMENT);
        }
        long firstFlags = defaults.flags();
        if ((flags & Fmp4Layout.TRUN_FIRST_SAMPLE_FLAGS) != 0) {
            if (trun.end() - at < 4) {
                throw new MalformedInputException(where + ": trun too short");
            }
            firstFlags = Boxes.u32(moof, at, where);
            at += 4;
        }
        boolean hasDuration = (flags & Fmp4Layout.TRUN_SAMPLE_DURATION) != 0;
        boolean hasSize = (flags & Fmp4Layout.TRUN_SAMPLE_SIZE) != 0;
        boolean hasFlags = (flags & Fmp4Layout.TRUN_SAMPLE_FLAGS) != 0;
        boolean hasComposition = (flags & Fmp4Layout.TRUN_SAMPLE_COMPOSITION_OFFSET) != 0;
        if ((!hasDuration && defaults.duration() < 0) || (!hasSize && defaults.size() < 0)) {
            throw new MalformedInputException(where + ": sample durations or sizes are neither in trun nor in tfhd");
        }
        int perSample = 4 * ((hasDuration ? 1 : 0) + (hasSize ? 1 : 0) + (hasFlags ? 1 : 0)
                + (hasComposition ? 1 : 0));
        if ((long) perSample * count > trun.end() - at) {
            throw new MalformedInputException(where + ": trun of " + count + " samples does not fit its box");
        }
        int n = (int) count;
        long[] sizes = new long[n];
        long[] durations = new long[n];
        int[] sampleFlags = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            durations[i] = hasDuration ? Boxes.u32(moof, at, where) : defaults.duration();
            at += hasDuration ? 4 : 0;
            sizes[i] = hasSize ? Boxes.u32(moof, at, where) : defaults.size();
            at += hasSize ? 4 : 0;
            long f = hasFlags ? Boxes.u32(moof, at, where) : (i == 0 ? firstFlags : defaults.flags());
            at += hasFlags ? 4 : 0;
            at += hasComposition ? 4 : 0;
            // Without any flags, §8.8.3.1 leaves sync-ness unknown; 0 reads as a sync sample, as players assume.
            sampleFlags[i] = f < 0 ? 0 : (int) f;
            total += sizes[i];
        }
        if (dataOffset < mdat.payload() || dataOffset + total > mdat.end()) {
            throw new MalformedInputException(where + ": " + n + " samples of " + total + " bytes from byte "
                    + dataOffset + " do not lie inside the mdat payload [" + mdat.payload() + ", " + mdat.end() + ")");
        }
        return new FragmentRun(moofOffset, sequence, base, dataOffset, mdat.end(), sizes, durations, sampleFlags);
    }
}
