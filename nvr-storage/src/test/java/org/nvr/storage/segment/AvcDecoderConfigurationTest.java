package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

/**
 * The {@code avcC} record (ISO/IEC 14496-15 §5.3.3.1) against ffmpeg's: the vectors are the SPS/PPS of 320x240
 * {@code testsrc2} clips encoded by libx264 (ffmpeg 5.1.9, Debian 12) and the {@code avcC} payload that
 * {@code ffmpeg -i clip.264 -c copy clip.mp4} wrote for them.
 */
class AvcDecoderConfigurationTest {
    private static final HexFormat HEX = HexFormat.of();

    /** High profile (100), level 1.3; holds an emulation prevention byte (00 00 03). */
    private static final byte[] HIGH_SPS = HEX.parseHex("6764000dacb40a0fd808800000030080000019078a1550");
    private static final byte[] HIGH_PPS = HEX.parseHex("68ef3cb0");
    /** Constrained Baseline (66, constraint_set0/1), level 1.3. */
    private static final byte[] BASELINE_SPS = HEX.parseHex("6742c00dda0507ec0440000003004000000c83c50aa8");
    private static final byte[] BASELINE_PPS = HEX.parseHex("68ce3c80");

    @Test
    void highProfileRecordEqualsFfmpegs() {
        String expected = "01"          // configurationVersion
                + "64"                  // AVCProfileIndication: High
                + "00"                  // profile_compatibility
                + "0d"                  // AVCLevelIndication: 1.3
                + "ff"                  // '111111'b + lengthSizeMinusOne 3
                + "e1"                  // '111'b + one SPS
                + "0017" + HEX.formatHex(HIGH_SPS)
                + "01"                  // one PPS
                + "0004" + HEX.formatHex(HIGH_PPS)
                + "fd"                  // '111111'b + chroma_format 1 (4:2:0)
                + "f8"                  // '11111'b + bit_depth_luma_minus8 0
                + "f8"                  // '11111'b + bit_depth_chroma_minus8 0
                + "00";                 // numOfSequenceParameterSetExt
        VideoParameters high = SpsParser.toVideoParameters(HIGH_SPS, HIGH_PPS);
        assertThat(HEX.formatHex(AvcDecoderConfiguration.encode(high))).isEqualTo(expected);
    }

    @Test
    void baselineRecordHasNoChromaExtension() {
        String expected = "01" + "42" + "c0" + "0d" + "ff" + "e1"
                + "0016" + HEX.formatHex(BASELINE_SPS)
                + "01" + "0004" + HEX.formatHex(BASELINE_PPS);
        VideoParameters baseline = SpsParser.toVideoParameters(BASELINE_SPS, BASELINE_PPS);
        assertThat(HEX.formatHex(AvcDecoderConfiguration.encode(baseline))).isEqualTo(expected);
    }

    @Test
    void decodeReadsBackTheParameters() {
        VideoParameters high = SpsParser.toVideoParameters(HIGH_SPS, HIGH_PPS);
        VideoParameters decoded = AvcDecoderConfiguration.decode(AvcDecoderConfiguration.encode(high));
        assertThat(decoded).isEqualTo(high);
        assertThat(decoded.width()).isEqualTo(320);
        assertThat(decoded.height()).isEqualTo(240);
    }

    @Test
    void decodeRejectsBadRecordsWithAClearMessage() {
        byte[] good = AvcDecoderConfiguration.encode(SpsParser.toVideoParameters(HIGH_SPS, HIGH_PPS));
        byte[] version2 = good.clone();
        version2[0] = 2;
        byte[] twoByteLengths = good.clone();
        twoByteLengths[4] = (byte) 0xfd;
        byte[] noPps = java.util.Arrays.copyOf(good, 6 + 2 + HIGH_SPS.length + 1);
        noPps[noPps.length - 1] = 0;
        byte[] spsOverrun = good.clone();
        spsOverrun[6] = (byte) 0xff;  // SPS length 0xff17: past the end
        for (int cut = 0; cut < 6 + 2 + HIGH_SPS.length + 3; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> AvcDecoderConfiguration.decode(truncated))
                    .isInstanceOf(MalformedInputException.class).hasMessageContaining("avcC");
        }
        assertThatThrownBy(() -> AvcDecoderConfiguration.decode(version2)).hasMessageContaining("version 1");
        assertThatThrownBy(() -> AvcDecoderConfiguration.decode(twoByteLengths))
                .hasMessageContaining("NAL length size 2");
        assertThatThrownBy(() -> AvcDecoderConfiguration.decode(noPps)).hasMessageContaining("needs an SPS and a PPS");
        assertThatThrownBy(() -> AvcDecoderConfiguration.decode(spsOverrun)).hasMessageContaining("does not fit");
    }
}
