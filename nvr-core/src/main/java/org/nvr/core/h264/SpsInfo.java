package org.nvr.core.h264;

/**
 * What an H.264 sequence parameter set says that the NVR needs: the picture size after cropping and the codec
 * profile and level (ITU-T H.264 §7.4.2.1.1).
 *
 * @param profileIdc        {@code profile_idc} (66 baseline, 77 main, 100 high ...)
 * @param constraintFlags   the SPS's second byte: {@code constraint_set0_flag} in bit 7 down to
 *                          {@code constraint_set5_flag} in bit 2, then {@code reserved_zero_2bits}
 * @param levelIdc          {@code level_idc} (31 = level 3.1)
 * @param seqParameterSetId {@code seq_parameter_set_id}, 0..31
 * @param chromaFormatIdc   {@code chroma_format_idc}: 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param bitDepthLuma      luma sample bit depth, 8..14
 * @param frameMbsOnly      {@code frame_mbs_only_flag}: false when the stream may hold fields (interlaced)
 * @param width             picture width in pixels after frame cropping
 * @param height            frame height in pixels after frame cropping
 */
public record SpsInfo(int profileIdc, int constraintFlags, int levelIdc, int seqParameterSetId,
                      int chromaFormatIdc, int bitDepthLuma, boolean frameMbsOnly, int width, int height) {

    public SpsInfo {
        if (profileIdc < 0 || profileIdc > 255 || constraintFlags < 0 || constraintFlags > 255
                || levelIdc < 0 || levelIdc > 255) {
            throw new IllegalArgumentException("profile_idc, constraint flags and level_idc are bytes: "
                    + profileIdc + ", " + constraintFlags + ", " + levelIdc);
        }
        if (seqParameterSetId < 0 || seqParameterSetId > 31) {
            throw new IllegalArgumentException("seq_parameter_set_id " + seqParameterSetId + " is outside 0..31");
        }
        if (chromaFormatIdc < 0 || chromaFormatIdc > 3) {
            throw new IllegalArgumentException("chroma_format_idc " + chromaFormatIdc + " is outside 0..3");
        }
        if (bitDepthLuma < 8 || bitDepthLuma > 14) {
            throw new IllegalArgumentException("luma bit depth " + bitDepthLuma + " is outside 8..14");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad picture size " + width + "x" + height);
        }
    }

    /** {@code constraint_set<n>_flag}, n in 0..5. */
    public boolean constraintSet(int n) {
        if (n < 0 || n > 5) {
            throw new IllegalArgumentException("constraint_set" + n + "_flag does not exist");
        }
        return (constraintFlags & (0x80 >> n)) != 0;
    }
}
