package org.nvr.storage.segment;

/** Constants of the fragmented MP4 layout shared by the writer and the scanner (ISO/IEC 14496-12). */
public final class Fmp4Layout {
    /** Media timescale of the movie and the track: RTP's 90 kHz video clock, so PTS deltas map 1:1. */
    public static final int TIMESCALE_90K = 90_000;
    public static final int TRACK_ID = 1;

    /**
     * Our §11.1 user extension ({@code uuid}) type for segment metadata: a random (version 4) UUID chosen once for
     * this project, 2d4ff661-23d1-4515-a658-94ecd7ddb513.
     */
    static final byte[] METADATA_UUID = {
        (byte) 0x2d, (byte) 0x4f, (byte) 0xf6, (byte) 0x61, (byte) 0x23, (byte) 0xd1, (byte) 0x45, (byte) 0x15,
        (byte) 0xa6, (byte) 0x58, (byte) 0x94, (byte) 0xec, (byte) 0xd7, (byte) 0xdd, (byte) 0xb5, (byte) 0x13};

    /** §8.8.7.1 {@code tfhd} flag: data offsets are relative to the start of the enclosing {@code moof}. */
    public static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;

    /** §8.8.8.1 {@code trun} flags. */
    public static final int TRUN_DATA_OFFSET = 0x000001;
    public static final int TRUN_FIRST_SAMPLE_FLAGS = 0x000004;
    public static final int TRUN_SAMPLE_DURATION = 0x000100;
    public static final int TRUN_SAMPLE_SIZE = 0x000200;
    public static final int TRUN_SAMPLE_FLAGS = 0x000400;
    public static final int TRUN_SAMPLE_COMPOSITION_OFFSET = 0x000800;
    /** What we write: a data offset, and duration, size and flags for every sample. */
    public static final int TRUN_WRITTEN = TRUN_DATA_OFFSET | TRUN_SAMPLE_DURATION | TRUN_SAMPLE_SIZE | TRUN_SAMPLE_FLAGS;

    /**
     * §8.8.3.1 sample flags of an IDR picture: {@code sample_depends_on} = 2 (does not depend on others, bits 25-24),
     * {@code sample_is_non_sync_sample} = 0.
     */
    public static final int SAMPLE_FLAGS_SYNC = 0x0200_0000;
    /** Sample flags of any other picture: {@code sample_depends_on} = 1, {@code sample_is_non_sync_sample} = 1 (bit 16). */
    public static final int SAMPLE_FLAGS_NON_SYNC = 0x0101_0000;
    public static final int SAMPLE_IS_NON_SYNC = 0x0001_0000;

    /** Most samples in one fragment; the writer cuts before, the scanner rejects more as corrupt. */
    public static final int MAX_SAMPLES_PER_FRAGMENT = 100_000;

    /** {@code moov} plus {@code ftyp} and metadata are a few hundred bytes; the scanner reads at most this. */
    static final int MAX_HEADER_BOX_BYTES = 1 << 20;

    private Fmp4Layout() {
    }
}
