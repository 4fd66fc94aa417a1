package org.nvr.storage.playback;

import org.nvr.storage.segment.Fmp4Layout;

/**
 * One movie fragment of a segment file as its {@code moof} describes it (ISO/IEC 14496-12 §8.8.4 to §8.8.12): the
 * samples' durations, sizes and flags, and where their bytes lie. The samples of a track run are contiguous
 * (§8.8.8: each sample's data follows the previous one's), so any run of consecutive samples is one byte range.
 */
public final class FragmentRun {
    private final long moofOffset;
    private final long sequenceNumber;
    private final long baseMediaDecodeTime90k;
    private final long dataOffset;
    private final long nextOffset;
    private final long[] sizes;
    private final long[] durations90k;
    private final int[] flags;
    /** {@code sampleOffsets[i]}: file offset of sample i; one extra entry: the end of the last sample. */
    private final long[] sampleOffsets;
    /** {@code mediaTimes90k[i]}: tfdt plus the durations before sample i; one extra entry: the run's end. */
    private final long[] mediaTimes90k;

    FragmentRun(long moofOffset, long sequenceNumber, long baseMediaDecodeTime90k, long dataOffset, long nextOffset,
                long[] sizes, long[] durations90k, int[] flags) {
        if (sizes.length == 0 || sizes.length != durations90k.length || sizes.length != flags.length) {
            throw new IllegalArgumentException("inconsistent sample tables: " + sizes.length + " sizes, "
                    + durations90k.length + " durations, " + flags.length + " flags");
        }
        this.moofOffset = moofOffset;
        this.sequenceNumber = sequenceNumber;
        this.baseMediaDecodeTime90k = baseMediaDecodeTime90k;
        this.dataOffset = dataOffset;
        this.nextOffset = nextOffset;
        this.sizes = sizes;
        this.durations90k = durations90k;
        this.flags = flags;
        this.sampleOffsets = new long[sizes.length + 1];
        this.mediaTimes90k = new long[sizes.length + 1];
        sampleOffsets[0] = dataOffset;
        mediaTimes90k[0] = baseMediaDecodeTime90k;
        for (int i = 0; i < sizes.length; i++) {
            sampleOffsets[i + 1] = sampleOffsets[i] + sizes[i];
            mediaTimes90k[i + 1] = mediaTimes90k[i] + durations90k[i];
        }
    }

    /** File offset of the {@code moof} box. */
    public long moofOffset() {
        return moofOffset;
    }

    /** The {@code mfhd} sequence number. */
    public long sequenceNumber() {
        return sequenceNumber;
    }

    /** The {@code tfdt} base media decode time: media time of the first sample from the segment start. */
    public long baseMediaDecodeTime90k() {
        return baseMediaDecodeTime90k;
    }

    /** File offset just after this fragment's {@code mdat}: where the next fragment starts. */
    public long nextOffset() {
        return nextOffset;
    }

    /** Number of samples. */
    public int sampleCount() {
        return sizes.length;
    }

    /** Bytes of sample {@code i} (AVCC: length-prefixed NAL units). */
    public long size(int i) {
        return sizes[i];
    }

    /** Duration of sample {@code i}, 90 kHz ticks. */
    public long duration90k(int i) {
        return durations90k[i];
    }

    /** The §8.8.3.1 sample flags of sample {@code i}. */
    public int flags(int i) {
        return flags[i];
    }

    /** Whether sample {@code i} is a sync sample (an IDR: {@code sample_is_non_sync_sample} clear). */
    public boolean keyframe(int i) {
        return (flags[i] & Fmp4Layout.SAMPLE_IS_NON_SYNC) == 0;
    }

    /** File offset of sample {@code i}'s first byte; {@code i == sampleCount()} gives the end of the last one. */
    public long sampleOffset(int i) {
        return sampleOffsets[i];
    }

    /** Media time of sample {@code i} from the segment start; {@code i == sampleCount()} gives the run's end. */
    public long mediaTime90k(int i) {
        return mediaTimes90k[i];
    }

    @Override
    public String toString() {
        return "FragmentRun[moof at " + moofOffset + ", #" + sequenceNumber + ", tfdt " + baseMediaDecodeTime90k
                + ", " + sizes.length + " samples at " + dataOffset + "]";
    }
}
