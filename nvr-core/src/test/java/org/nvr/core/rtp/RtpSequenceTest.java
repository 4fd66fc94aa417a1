package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtpSequenceTest {

    @Test
    void deltaForwardAndBackwardWithoutWrap() {
        assertThat(RtpSequence.delta(100, 100)).isZero();
        assertThat(RtpSequence.delta(100, 101)).isEqualTo(1);
        assertThat(RtpSequence.delta(101, 100)).isEqualTo(-1);
        assertThat(RtpSequence.delta(0, 32767)).isEqualTo(32767);
    }

    @Test
    void deltaAcrossTheWrap() {
        // 65535 -> 0 is one step forward, as in RFC 3550 A.1 where seq < max_seq with a small udelta
        // means the sequence number space wrapped.
        assertThat(RtpSequence.delta(65535, 0)).isEqualTo(1);
        assertThat(RtpSequence.delta(65530, 5)).isEqualTo(11);
        assertThat(RtpSequence.delta(5, 65530)).isEqualTo(-11);
        assertThat(RtpSequence.delta(0, 65535)).isEqualTo(-1);
    }

    @Test
    void deltaHalfWayRoundIsMostNegative() {
        assertThat(RtpSequence.delta(0, 32768)).isEqualTo(-32768);
        assertThat(RtpSequence.delta(32768, 0)).isEqualTo(-32768);
        assertThat(RtpSequence.delta(1, 32768)).isEqualTo(32767);
        assertThat(RtpSequence.delta(0, 32769)).isEqualTo(-32767);
    }

    @Test
    void deltaStaysInSignedSixteenBitRangeForAllPairsFromOneOrigin() {
        for (int from : new int[] {0, 1, 32767, 32768, 65535}) {
            for (int to = 0; to < RtpSequence.MODULUS; to++) {
                int d = RtpSequence.delta(from, to);
                assertThat(d).isBetween(-32768, 32767);
                assertThat(RtpSequence.add(from, d)).isEqualTo(to);
            }
        }
    }

    @Test
    void isAfter() {
        assertThat(RtpSequence.isAfter(0, 65535)).isTrue();
        assertThat(RtpSequence.isAfter(65535, 0)).isFalse();
        assertThat(RtpSequence.isAfter(7, 7)).isFalse();
    }

    @Test
    void addWraps() {
        assertThat(RtpSequence.add(65535, 1)).isZero();
        assertThat(RtpSequence.add(0, -1)).isEqualTo(65535);
        assertThat(RtpSequence.add(10, 65536 * 3 + 2)).isEqualTo(12);
    }

    @Test
    void rejectsValuesOutsideSixteenBits() {
        assertThatThrownBy(() -> RtpSequence.delta(-1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from = -1");
        assertThatThrownBy(() -> RtpSequence.delta(0, 65536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to = 65536");
        assertThatThrownBy(() -> RtpSequence.add(70000, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
