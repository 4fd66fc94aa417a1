package org.nvr.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NalUnitsTest {
    // An SPS header byte then profile_idc 66 (Baseline); a PPS header byte then its first Exp-Golomb bits.
    private static final byte[] SPS = {0x67, 0x42};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c};

    @Test
    void checkedCopyIsAnUnmodifiableCopyInOrder() {
        List<byte[]> nalus = new ArrayList<>(List.of(SPS, PPS));
        List<byte[]> copy = NalUnits.checkedCopy(nalus, "a frame");
        nalus.clear();

        assertThat(copy).containsExactly(SPS, PPS);
        assertThatThrownBy(() -> copy.add(SPS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noUnitsIsRefusedNamingTheHolder() {
        assertThatThrownBy(() -> NalUnits.checkedCopy(List.of(), "an access unit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an access unit needs at least one NAL unit");
    }

    @Test
    void anEmptyUnitIsRefused() {
        assertThatThrownBy(() -> NalUnits.checkedCopy(List.of(SPS, new byte[0]), "a frame"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty NAL unit");
    }

    @Test
    void aNullUnitIsRefused() {
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(SPS);
        withNull.add(null);
        assertThatThrownBy(() -> NalUnits.checkedCopy(withNull, "a frame")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void payloadBytesIsTheSumOfTheUnitSizes() {
        assertThat(NalUnits.payloadBytes(List.of(SPS, PPS))).isEqualTo(5);
        assertThat(NalUnits.payloadBytes(List.of())).isZero();
    }
}
