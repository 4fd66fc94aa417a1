package org.nvr.core.h264;

/**
 * Small real Annex B streams. Made with ffmpeg 5.1 / x264 core 164:
 * {@code ffmpeg -f lavfi -i color=c=gray:size=64x64:rate=25 -frames:v 3 -c:v libx264 -preset ultrafast
 * -x264-params aud=1:slices=2:keyint=2 -bf 0 -bsf:v filter_units=remove_types=6 -f h264 tinyaud.264}
 * (x264's SEI with its version string removed to keep the vectors short), and the same without {@code aud=1}.
 * Three pictures: IDR, P, IDR, each cut into two slices (the second starts at macroblock 8 of 16).
 */
final class AnnexBSamples {
    private AnnexBSamples() {
    }

    static final String SPS = "67 42 c0 0a da 10 9b 01 10 00 00 03 00 10 00 00 03 03 20 f1 22 6a";
    static final String PPS = "68 ce 0f c8";
    // first_mb_in_slice = 0: 0x88 = 1|000100: ue "1" = 0.
    static final String IDR1_SLICE0 = "65 88 84 3a 26 28 0c 9c 9c 9d 75 d7 5e";
    // first_mb_in_slice = 8: 0x12 = 0001001|0: ue "0001001" = 8.
    static final String IDR1_SLICE1 = "65 12 22 10 e8 98 a0 32 72 72 75 d7 5d 78";
    static final String P_SLICE0 = "41 9a 20 3a 84 c0";
    static final String P_SLICE1 = "41 12 68 80 ea 13";
    static final String IDR2_SLICE0 = "65 88 82 02 a8 98 a0 00 5e 4e 4e 4e ba eb af";
    static final String IDR2_SLICE1 = "65 12 22 08 0a a2 62 80 01 79 39 39 3a eb ae bc";

    /** tinyaud.264, 174 bytes, byte for byte. */
    static final String WITH_AUD = ""
            + "00 00 00 01 | 09 10"                                   // AUD, primary_pic_type 0 (I)
            + "00 00 00 01 | " + SPS                                  // SPS, 4-byte start code
            + "00 00 00 01 | " + PPS
            + "00 00 01    | " + IDR1_SLICE0                          // 3-byte start codes between slices
            + "00 00 01    | " + IDR1_SLICE1
            + "00 00 00 01 | 09 30"                                   // AUD, primary_pic_type 1 (I, P)
            + "00 00 01    | " + P_SLICE0
            + "00 00 01    | " + P_SLICE1
            + "00 00 00 01 | 09 10"
            + "00 00 00 01 | " + SPS
            + "00 00 00 01 | " + PPS
            + "00 00 01    | " + IDR2_SLICE0
            + "00 00 01    | " + IDR2_SLICE1;

    /** tinynoaud.264, 157 bytes: access units can only be told apart by first_mb_in_slice and SPS. */
    static final String WITHOUT_AUD = ""
            + "00 00 00 01 | " + SPS
            + "00 00 00 01 | " + PPS
            + "00 00 01    | " + IDR1_SLICE0
            + "00 00 01    | " + IDR1_SLICE1
            + "00 00 00 01 | " + P_SLICE0
            + "00 00 01    | " + P_SLICE1
            + "00 00 00 01 | " + SPS
            + "00 00 00 01 | " + PPS
            + "00 00 01    | " + IDR2_SLICE0
            + "00 00 01    | " + IDR2_SLICE1;
}
