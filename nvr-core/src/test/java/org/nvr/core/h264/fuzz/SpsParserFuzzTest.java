package org.nvr.core.h264.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nvr.core.h264.SpsInfo;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

/**
 * {@link SpsParser} fed an arbitrary SPS NAL unit (header byte first, as a camera sends it in-band or in
 * {@code sprop-parameter-sets}). Contract: {@link MalformedInputException} is the only failure; a parsed SPS has a
 * picture of 1..{@link SpsParser#MAX_DIMENSION_PIXELS} pixels each way, and the same bytes with a PPS give the
 * same size as {@link VideoParameters}.
 *
 * <p>Seeds in {@code SpsParserFuzzTestInputs/}: the x264 SPSs of {@code SpsParserTest} (720p/1080p High,
 * Baseline, 1080i Main, 4:4:4, scaling matrices) and GStreamer's.
 */
class SpsParserFuzzTest {
    private static final byte[] PPS = {0x68, (byte) 0xeb, (byte) 0xe3, (byte) 0xcb, 0x22, (byte) 0xc0};

    @FuzzTest(maxDuration = "30s")
    void sps(byte[] input) {
        SpsInfo info;
        try {
            info = SpsParser.parse(input);
        } catch (MalformedInputException expected) {
            return;
        }
        assertThat(info.width()).isBetween(1, SpsParser.MAX_DIMENSION_PIXELS);
        assertThat(info.height()).isBetween(1, SpsParser.MAX_DIMENSION_PIXELS);
        VideoParameters parameters = SpsParser.toVideoParameters(input, PPS);
        assertThat(parameters.width()).isEqualTo(info.width());
        assertThat(parameters.height()).isEqualTo(info.height());
    }
}
