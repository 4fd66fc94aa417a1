package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

class SpsParserTest {
    // Real SPS NAL units (header byte first, emulation prevention bytes kept), each copied from the first NAL unit
    // of `ffmpeg -f lavfi -i testsrc2=size=WxH:rate=25 -c:v libx264 OPTIONS -f h264 out.264`, ffmpeg 5.1 / x264
    // core 164; the sizes are what ffprobe reports for those files.

    /** 1280x720, -t 1 (preset medium): High profile (100), level 3.1, no cropping (45 macroblock rows). */
    static final String SPS_720P_HIGH = "67 64 00 1f ac d9 40 50 05 bb 01 10 00 00 03 00 10 00 00 03 03 20 f1 83 19 60";
    /** 1920x1080, -frames:v 1 (preset medium): High, level 4.0, frame_crop_bottom_offset 4 (1088 -> 1080). */
    static final String SPS_1080P_HIGH =
            "67 64 00 28 ac d9 40 78 02 27 e5 c0 44 00 00 03 00 04 00 00 03 00 c8 3c 60 c6 58";
    /** 1920x1080, -preset ultrafast: Constrained Baseline (66, constraint_set0 and 1), level 4.0, cropped. */
    static final String SPS_1080P_BASELINE =
            "67 42 c0 28 da 01 e0 08 9f 97 01 10 00 00 03 00 10 00 00 03 03 20 f1 83 2a";
    /** 640x480, -profile:v baseline: Constrained Baseline, level 3.0. */
    static final String SPS_480P_BASELINE = "67 42 c0 1e d9 00 a0 3d b0 11 00 00 03 00 01 00 00 03 00 32 0f 16 2e 48";
    /** 1920x1080 interlaced, -preset ultrafast -flags +ildct+ilme -x264-params interlaced=1: Main, level 4.0,
     * frame_mbs_only_flag 0, 34 map units of field macroblock pairs, cropped by 4 rows of 2 field lines. */
    static final String SPS_1080I_MAIN = "67 4d 40 28 f4 03 c0 22 7e f0 11 00 00 03 00 01 00 00 03 00 32 1f 16 2e a0";
    /** 100x100 -pix_fmt yuv444p -preset ultrafast: High 4:4:4 Predictive (244), crop units of one pixel. */
    static final String SPS_100_444 = "67 f4 00 0a 91 96 87 3f 8d 8d c0 44 00 00 03 00 04 00 00 03 00 c8 3c 48 9a 80";
    /** 352x288 -preset ultrafast -x264-params cqm=jvt: High, level 1.3, with scaling matrices in the SPS. */
    static final String SPS_288P_SCALING = "67 64 00 0d ac b4 0b 04 b6 02 20 00 00 03 00 20 00 00 06 41 e2 85 54";
    /** The PPS that x264 sends with SPS_720P_HIGH. */
    static final String PPS_720P_HIGH = "68 eb e3 cb 22 c0";

    @Test
    void parses720pHighProfile() {
        SpsInfo info = SpsParser.parse(Hex.bytes(SPS_720P_HIGH));
        assertThat(info).isEqualTo(new SpsInfo(100, 0x00, 31, 0, 1, 8, true, 1280, 720));
        assertThat(info.constraintSet(0)).isFalse();
    }

    @Test
    void parses1080pHighProfileWithCroppingFrom1088() {
        assertThat(SpsParser.parse(Hex.bytes(SPS_1080P_HIGH)))
                .isEqualTo(new SpsInfo(100, 0x00, 40, 0, 1, 8, true, 1920, 1080));
    }

    @Test
    void parsesConstrainedBaseline() {
        SpsInfo info1080 = SpsParser.parse(Hex.bytes(SPS_1080P_BASELINE));
        assertThat(info1080).isEqualTo(new SpsInfo(66, 0xc0, 40, 0, 1, 8, true, 1920, 1080));
        assertThat(info1080.constraintSet(0)).isTrue();
        assertThat(info1080.constraintSet(1)).isTrue();
        assertThat(info1080.constraintSet(2)).isFalse();
        assertThat(SpsParser.parse(Hex.bytes(SPS_480P_BASELINE)))
                .isEqualTo(new SpsInfo(66, 0xc0, 30, 0, 1, 8, true, 640, 480));
    }

    @Test
    void parsesInterlacedWithFieldCropUnits() {
        assertThat(SpsParser.parse(Hex.bytes(SPS_1080I_MAIN)))
                .isEqualTo(new SpsInfo(77, 0x40, 40, 0, 1, 8, false, 1920, 1080));
    }

    @Test
    void parses444WithOnePixelCropUnits() {
        assertThat(SpsParser.parse(Hex.bytes(SPS_100_444)))
                .isEqualTo(new SpsInfo(244, 0x00, 10, 0, 3, 8, true, 100, 100));
    }

    @Test
    void readsPastScalingMatrices() {
        assertThat(SpsParser.parse(Hex.bytes(SPS_288P_SCALING)))
                .isEqualTo(new SpsInfo(100, 0x00, 13, 0, 1, 8, true, 352, 288));
    }

    @Test
    void agreesWithJcodecOnRealSamples() {
        // SPS_100_444 is left out: JCodec 0.2.5 does not know that profile 244 carries chroma_format_idc and
        // misreads it as 32x224 (ffprobe agrees with SpsParser: 100x100).
        for (String hex : new String[] {SPS_720P_HIGH, SPS_1080P_HIGH, SPS_1080P_BASELINE, SPS_480P_BASELINE,
                SPS_1080I_MAIN, SPS_288P_SCALING}) {
            byte[] sps = Hex.bytes(hex);
            SpsInfo ours = SpsParser.parse(sps);
            ByteBuffer rbsp = ByteBuffer.wrap(RbspReader.unescape(sps, 1));
            SeqParameterSet jcodec = SeqParameterSet.read(rbsp);
            int fieldFactor = jcodec.frameMbsOnlyFlag ? 1 : 2;
            assertThat(ours.profileIdc()).as(hex).isEqualTo(jcodec.profileIdc);
            assertThat(ours.levelIdc()).as(hex).isEqualTo(jcodec.levelIdc);
            assertThat(ours.frameMbsOnly()).as(hex).isEqualTo(jcodec.frameMbsOnlyFlag);
            assertThat(ours.width()).as(hex).isLessThanOrEqualTo(16 * (jcodec.picWidthInMbsMinus1 + 1));
            assertThat(16 * (jcodec.picWidthInMbsMinus1 + 1) - ours.width()).as(hex)
                    .isLessThan(16).isEqualTo(jcodec.frameCroppingFlag
                            ? (ours.chromaFormatIdc() == 3 ? 1 : 2)
                            * (jcodec.frameCropLeftOffset + jcodec.frameCropRightOffset) : 0);
            assertThat(16 * fieldFactor * (jcodec.picHeightInMapUnitsMinus1 + 1) - ours.height()).as(hex)
                    .isLessThan(16 * fieldFactor);
        }
    }

    @Test
    void toVideoParametersPairsSpsAndPps() {
        VideoParameters parameters = SpsParser.toVideoParameters(Hex.bytes(SPS_720P_HIGH), Hex.bytes(PPS_720P_HIGH));
        assertThat(parameters.width()).isEqualTo(1280);
        assertThat(parameters.height()).isEqualTo(720);
        assertThat(parameters.profileIdc()).isEqualTo(100);
        assertThat(parameters.levelIdc()).isEqualTo(31);
        assertThat(parameters.rfc6381Codec()).isEqualTo("avc1.64001f");
        assertThat(parameters.pps()).isEqualTo(Hex.bytes(PPS_720P_HIGH));
    }

    @Test
    void toVideoParametersRejectsAPpsThatIsNotOne() {
        assertThatThrownBy(() -> SpsParser.toVideoParameters(Hex.bytes(SPS_720P_HIGH), Hex.bytes(SPS_720P_HIGH)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("not a PPS");
        assertThatThrownBy(() -> SpsParser.toVideoParameters(Hex.bytes(SPS_720P_HIGH), Hex.bytes("68")))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> SpsParser.toVideoParameters(Hex.bytes("67 64"), Hex.bytes(PPS_720P_HIGH)))
                .isInstanceOf(MalformedInputException.class);
    }

    @Test
    void rejectsWhatIsNotAnSps() {
        assertThatThrownBy(() -> SpsParser.parse(new byte[0])).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> SpsParser.parse(Hex.bytes("68 eb e3 cb 22 c0")))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("PPS");
        // forbidden_zero_bit set on an otherwise valid SPS.
        byte[] forbidden = Hex.bytes(SPS_720P_HIGH);
        forbidden[0] |= (byte) 0x80;
        assertThatThrownBy(() -> SpsParser.parse(forbidden)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void everyTruncationIsRejectedOrParsesTheSame() {
        // Cut anywhere before vui_parameters_present_flag: an error naming the field, never zeros read as data
        // (JCodec 0.2.5 reads 67 64 00 1f as a 16x16 picture).
        byte[] full = Hex.bytes(SPS_720P_HIGH);
        SpsInfo expected = SpsParser.parse(full);
        int rejected = 0;
        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            try {
                assertThat(SpsParser.parse(cut)).as("%d bytes", length).isEqualTo(expected);
            } catch (MalformedInputException e) {
                rejected++;
                assertThat(e.getMessage()).as("%d bytes", length).isNotBlank();
            }
        }
        assertThat(rejected).isGreaterThanOrEqualTo(8);
        assertThatThrownBy(() -> SpsParser.parse(Hex.bytes("67 64 00 1f ac d9")))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("SPS ends before");
    }

    @Test
    void rejectsAnExpGolombCodeTooLongForAnyField() {
        // seq_parameter_set_id with 32 leading zero bits.
        assertThatThrownBy(() -> SpsParser.parse(Hex.bytes("67 42 c0 1e 00 00 00 00 80")))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("leading zero bits");
    }

    @Test
    void rejectsAHugePicOrderCntCycleWithoutAllocatingIt() {
        // Synthetic: baseline SPS with pic_order_cnt_type 1 and num_ref_frames_in_pic_order_cnt_cycle
        // 1 000 000 (JCodec would allocate an int[1000000] here, or a far larger one).
        SpsBits bits = new SpsBits().header(66, 0xc0, 30).ue(0)   // seq_parameter_set_id
                .ue(0)                                              // log2_max_frame_num_minus4
                .ue(1)                                              // pic_order_cnt_type
                .bit(0).se(0).se(0)                                 // delta_pic_order_always_zero, 2 offsets
                .ue(1_000_000);                                     // num_ref_frames_in_pic_order_cnt_cycle
        assertThatThrownBy(() -> SpsParser.parse(bits.nalu()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("num_ref_frames_in_pic_order_cnt_cycle = 1000000");
    }

    @Test
    void parsesPicOrderCntType1() {
        SpsBits bits = new SpsBits().header(77, 0x40, 31).ue(3)    // seq_parameter_set_id 3
                .ue(0).ue(1)                                        // log2_max_frame_num_minus4, poc type 1
                .bit(0).se(-2).se(1)                                // offsets for non-ref pic, bottom field
                .ue(2).se(5).se(-7)                                 // cycle of 2 offset_for_ref_frame
                .ue(1).bit(0)                                       // max_num_ref_frames, gaps flag
                .ue(21).ue(17)                                      // 22 x 18 macroblocks = 352 x 288
                .bit(1).bit(1).bit(0).bit(0);                       // frame_mbs_only, direct_8x8, no crop, no VUI
        assertThat(SpsParser.parse(bits.nalu())).isEqualTo(new SpsInfo(77, 0x40, 31, 3, 1, 8, true, 352, 288));
    }

    @Test
    void rejectsCroppingThatLeavesNoPicture() {
        SpsBits bits = new SpsBits().header(66, 0xc0, 30).ue(0).ue(0).ue(0).ue(0)  // id, frame num, poc 0, lsb
                .ue(1).bit(0).ue(0).ue(0)                                           // 1 MB wide, 1 MB high
                .bit(1).bit(1).bit(1)                                               // frame only, direct, crop
                .ue(4).ue(4).ue(0).ue(0).bit(0);                                    // 2 * (4 + 4) = 16 columns
        assertThatThrownBy(() -> SpsParser.parse(bits.nalu()))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("0x16");
    }

    @Test
    void rejectsOutOfRangeFields() {
        // chroma_format_idc 4 in a High profile SPS.
        SpsBits chroma = new SpsBits().header(100, 0, 31).ue(0).ue(4);
        assertThatThrownBy(() -> SpsParser.parse(chroma.nalu()))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("chroma_format_idc = 4");
        // seq_parameter_set_id 32.
        assertThatThrownBy(() -> SpsParser.parse(new SpsBits().header(66, 0, 30).ue(32).nalu()))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("seq_parameter_set_id");
        // pic_width_in_mbs_minus1 of 1024 macroblocks (16400 pixels).
        SpsBits wide = new SpsBits().header(66, 0xc0, 30).ue(0).ue(0).ue(0).ue(0).ue(1).bit(0).ue(1025);
        assertThatThrownBy(() -> SpsParser.parse(wide.nalu()))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("pic_width_in_mbs_minus1");
    }

    @Test
    void unescapeRemovesOnlyEmulationPreventionBytes() {
        // 00 00 03 xx -> 00 00 xx; 00 03 and a 03 after 00 00 03 stay.
        assertThat(Hex.of(RbspReader.unescape(Hex.bytes("67 00 00 03 01 00 03 00 00 03 03 00 00 03"), 1)))
                .isEqualTo("000001" + "0003" + "000003" + "0000");
    }

    /** Writes a synthetic SPS bit by bit (Exp-Golomb, H.264 §9.1) and closes it with rbsp_trailing_bits. */
    private static final class SpsBits {
        private final StringBuilder bits = new StringBuilder();

        SpsBits header(int profileIdc, int constraintFlags, int levelIdc) {
            return fixed(profileIdc, 8).fixed(constraintFlags, 8).fixed(levelIdc, 8);
        }

        SpsBits bit(int b) {
            bits.append(b);
            return this;
        }

        SpsBits fixed(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                bits.append((value >> i) & 1);
            }
            return this;
        }

        SpsBits ue(int value) {
            String code = Integer.toBinaryString(value + 1);
            bits.append("0".repeat(code.length() - 1)).append(code);
            return this;
        }

        SpsBits se(int value) {
            return ue(value > 0 ? 2 * value - 1 : -2 * value);
        }

        /** Header byte 0x67, the bits, a stop bit and zero bits to a byte boundary (no emulation prevention:
         * the tests' values give no 00 00 0x runs). */
        byte[] nalu() {
            StringBuilder all = new StringBuilder(bits).append('1');
            while (all.length() % 8 != 0) {
                all.append('0');
            }
            byte[] out = new byte[1 + all.length() / 8];
            out[0] = 0x67;
            for (int i = 0; i < all.length(); i++) {
                if (all.charAt(i) == '1') {
                    out[1 + i / 8] |= (byte) (0x80 >> (i % 8));
                }
            }
            return out;
        }
    }
}
