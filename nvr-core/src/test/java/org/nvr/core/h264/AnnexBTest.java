package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class AnnexBTest {

    @Test
    void splitsARealStreamIntoItsNalUnits() {
        byte[] stream = Hex.bytes(AnnexBSamples.WITH_AUD);
        assertThat(stream).hasSize(174);

        List<byte[]> nalus = AnnexB.split(stream);

        assertThat(nalus).extracting(Hex::of).containsExactly(
                "0910", hex(AnnexBSamples.SPS), hex(AnnexBSamples.PPS),
                hex(AnnexBSamples.IDR1_SLICE0), hex(AnnexBSamples.IDR1_SLICE1),
                "0930", hex(AnnexBSamples.P_SLICE0), hex(AnnexBSamples.P_SLICE1),
                "0910", hex(AnnexBSamples.SPS), hex(AnnexBSamples.PPS),
                hex(AnnexBSamples.IDR2_SLICE0), hex(AnnexBSamples.IDR2_SLICE1));
    }

    @Test
    void keepsEmulationPreventionBytesInsideNalUnits() {
        // The SPS holds 00 00 03 twice; a NAL unit keeps them (only SPS parsing removes them).
        List<byte[]> nalus = AnnexB.split(Hex.bytes("00 00 01 | " + AnnexBSamples.SPS));
        assertThat(nalus).extracting(Hex::of).containsExactly(hex(AnnexBSamples.SPS));
    }

    @Test
    void dropsLeadingAndTrailingZeroBytes() {
        byte[] stream = Hex.bytes(""
                + "00 00"                      // leading_zero_8bits (H.264 §B.1.1)
                + "00 00 00 01 | 65 aa 03"     // 4-byte start code, IDR ending in an emulation prevention byte
                + "00 00 00"                   // trailing_zero_8bits
                + "00 00 01    | 41 bb"
                + "00 00 00 00");              // trailing zeros at the end of the stream
        assertThat(AnnexB.split(stream)).extracting(Hex::of).containsExactly("65aa03", "41bb");
    }

    @Test
    void skipsEmptyNalUnits() {
        byte[] stream = Hex.bytes("00 00 01 | 00 00 01 | 09 f0 | 00 00 01");
        assertThat(AnnexB.split(stream)).extracting(Hex::of).containsExactly("09f0");
    }

    @Test
    void aOneByteIsOnlyAStartCodeAfterTwoZeros() {
        // 01 inside the payload, 00 01 and 00 00 02 are data, not start codes.
        byte[] stream = Hex.bytes("00 00 01 | 41 01 00 01 00 00 02 01 | 00 00 01 | 41 02");
        assertThat(AnnexB.split(stream)).extracting(Hex::of).containsExactly("4101000100000201", "4102");
    }

    @Test
    void emptyAndAllZeroStreamsHoldNoNalUnits() {
        assertThat(AnnexB.split(new byte[0])).isEmpty();
        assertThat(AnnexB.split(new byte[7])).isEmpty();
        assertThat(AnnexB.split(Hex.bytes("00 00 01"))).isEmpty();
    }

    @Test
    void rejectsBytesBeforeTheFirstStartCode() {
        assertThatThrownBy(() -> AnnexB.split(Hex.bytes("00 47 00 00 01 09 10")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("byte 1 (0x47)");
        // A length-prefixed (AVCC) sample is not an Annex B stream.
        assertThatThrownBy(() -> AnnexB.split(Hex.bytes("00 00 00 02 09 10")))
                .isInstanceOf(MalformedInputException.class);
    }

    @Test
    void findStartCodeSeesOnlyWholePrefixesInTheRange() {
        byte[] b = Hex.bytes("41 00 00 01 42 00 00");
        assertThat(AnnexB.findStartCode(b, 0, b.length)).isEqualTo(1);
        assertThat(AnnexB.findStartCode(b, 2, b.length)).isEqualTo(-1);
        assertThat(AnnexB.findStartCode(b, 0, 3)).isEqualTo(-1);
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }
}
