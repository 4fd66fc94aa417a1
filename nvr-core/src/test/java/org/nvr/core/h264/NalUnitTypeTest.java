package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NalUnitTypeTest {

    @Test
    void typeNriAndForbiddenBitComeFromTheHeaderByte() {
        // 0x67 = 0|11|00111: F=0, NRI=3, type 7 (SPS), as x264 writes it.
        assertThat(NalUnitType.type((byte) 0x67)).isEqualTo(NalUnitType.SPS);
        assertThat(NalUnitType.nri((byte) 0x67)).isEqualTo(3);
        assertThat(NalUnitType.forbiddenBit((byte) 0x67)).isFalse();
        // 0x41 = 0|10|00001: NRI=2, non-IDR slice (x264 P slice).
        assertThat(NalUnitType.type((byte) 0x41)).isEqualTo(NalUnitType.NON_IDR_SLICE);
        assertThat(NalUnitType.nri((byte) 0x41)).isEqualTo(2);
        // 0x7c = 0|11|11100: FU-A indicator of an NRI=3 unit (RFC 6184 §5.8).
        assertThat(NalUnitType.type((byte) 0x7c)).isEqualTo(NalUnitType.FU_A);
        // 0x09: AUD with NRI=0; 0xe5: forbidden bit set on an IDR header.
        assertThat(NalUnitType.nri((byte) 0x09)).isZero();
        assertThat(NalUnitType.forbiddenBit((byte) 0xe5)).isTrue();
        assertThat(NalUnitType.type((byte) 0xe5)).isEqualTo(NalUnitType.IDR);
    }

    @Test
    void typeOfANalUnitReadsItsFirstByte() {
        assertThat(NalUnitType.type(Hex.bytes("65 88 84"))).isEqualTo(NalUnitType.IDR);
        assertThat(NalUnitType.type(Hex.bytes("06 05 ff"))).isEqualTo(NalUnitType.SEI);
        assertThat(NalUnitType.type(Hex.bytes("68 ce 0f c8"))).isEqualTo(NalUnitType.PPS);
        assertThatThrownBy(() -> NalUnitType.type(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantsFollowTheSpecifications() {
        // ITU-T H.264 Table 7-1 and RFC 6184 Table 3.
        assertThat(List.of(NalUnitType.IDR, NalUnitType.SEI, NalUnitType.SPS, NalUnitType.PPS, NalUnitType.AUD,
                NalUnitType.FILLER, NalUnitType.STAP_A, NalUnitType.STAP_B, NalUnitType.MTAP16, NalUnitType.MTAP24,
                NalUnitType.FU_A, NalUnitType.FU_B)).containsExactly(5, 6, 7, 8, 9, 12, 24, 25, 26, 27, 28, 29);
    }

    @Test
    void onlyTypesOneToFiveAreVcl() {
        for (int type = 0; type < 32; type++) {
            assertThat(NalUnitType.isVcl(type)).as("type %d", type).isEqualTo(type >= 1 && type <= 5);
        }
        assertThat(NalUnitType.isParameterSet(7)).isTrue();
        assertThat(NalUnitType.isParameterSet(8)).isTrue();
        assertThat(NalUnitType.isParameterSet(6)).isFalse();
    }

    @Test
    void everyTypeHasAName() {
        assertThat(NalUnitType.name(5)).isEqualTo("IDR slice");
        assertThat(NalUnitType.name(28)).isEqualTo("FU-A");
        assertThat(NalUnitType.name(0)).isEqualTo("unspecified(0)");
        for (int type = 0; type < 32; type++) {
            assertThat(NalUnitType.name(type)).isNotBlank();
        }
        assertThatThrownBy(() -> NalUnitType.name(32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NalUnitType.name(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsIdrLooksAtEveryUnit() {
        assertThat(NalUnitType.containsIdr(List.of(Hex.bytes("67 42"), Hex.bytes("65 88")))).isTrue();
        assertThat(NalUnitType.containsIdr(List.of(Hex.bytes("09 30"), Hex.bytes("41 9a")))).isFalse();
        assertThat(NalUnitType.containsIdr(List.of())).isFalse();
    }
}
