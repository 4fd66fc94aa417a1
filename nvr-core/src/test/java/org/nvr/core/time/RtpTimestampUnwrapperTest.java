package org.nvr.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtpTimestampUnwrapperTest {
    private static final long TWO_32 = 1L << 32;

    private final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();

    @Test
    void firstTimestampMapsToItself() {
        assertThat(unwrapper.unwrap(0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void forwardAcrossTheWrapAdds2To32() {
        long ts = TWO_32 - 2 * 3600;  // two frames at 25 fps before the wrap
        assertThat(unwrapper.unwrap(ts)).isEqualTo(TWO_32 - 7200);
        assertThat(unwrapper.unwrap(TWO_32 - 3600)).isEqualTo(TWO_32 - 3600);
        assertThat(unwrapper.unwrap(0)).isEqualTo(TWO_32);
        assertThat(unwrapper.unwrap(3600)).isEqualTo(TWO_32 + 3600);
    }

    @Test
    void manyWrapsAccumulate() {
        long ts32 = 0;
        long expected = 0;
        unwrapper.unwrap(ts32);
        long step = (1L << 30) + 12345;  // a quarter of the range and a bit: four steps make a wrap
        for (int i = 0; i < 40; i++) {
            ts32 = (ts32 + step) & 0xFFFF_FFFFL;
            expected += step;
            assertThat(unwrapper.unwrap(ts32)).isEqualTo(expected);
        }
        assertThat(expected).isGreaterThan(9 * TWO_32);
    }

    @Test
    void bFramesStepBackWithoutWrapping() {
        // Decoding order I P B B with 3600-tick frames: presentation times 0, 3, 1, 2 frames after 1000.
        assertThat(unwrapper.unwrap(1000)).isEqualTo(1000);
        assertThat(unwrapper.unwrap(1000 + 3 * 3600)).isEqualTo(11_800);
        assertThat(unwrapper.unwrap(1000 + 3600)).isEqualTo(4600);
        assertThat(unwrapper.unwrap(1000 + 2 * 3600)).isEqualTo(8200);
    }

    @Test
    void backwardStepsAcrossTheWrap() {
        // Just after the wrap, a B-frame from just before it.
        assertThat(unwrapper.unwrap(TWO_32 - 100)).isEqualTo(TWO_32 - 100);
        assertThat(unwrapper.unwrap(500)).isEqualTo(TWO_32 + 500);
        assertThat(unwrapper.unwrap(TWO_32 - 50)).isEqualTo(TWO_32 - 50);
        assertThat(unwrapper.unwrap(600)).isEqualTo(TWO_32 + 600);
    }

    @Test
    void backwardBelowTheFirstValueGoesNegative() {
        assertThat(unwrapper.unwrap(10)).isEqualTo(10);
        assertThat(unwrapper.unwrap(TWO_32 - 5)).isEqualTo(-5);
    }

    @Test
    void halfTheRangeIsTheLimitOfForward() {
        unwrapper.unwrap(0);
        assertThat(unwrapper.unwrap((1L << 31) - 1)).isEqualTo((1L << 31) - 1);
        RtpTimestampUnwrapper other = new RtpTimestampUnwrapper();
        other.unwrap(0);
        // Exactly 2^31 apart is read as the signed minimum: backwards.
        assertThat(other.unwrap(1L << 31)).isEqualTo(-(1L << 31));
    }

    @Test
    void resetStartsAgain() {
        unwrapper.unwrap(TWO_32 - 1);
        assertThat(unwrapper.unwrap(5)).isEqualTo(TWO_32 + 5);
        unwrapper.reset();
        assertThat(unwrapper.unwrap(5)).isEqualTo(5);
    }

    @Test
    void rejectsValuesOutside32Bits() {
        assertThatThrownBy(() -> unwrapper.unwrap(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ts32 = -1");
        assertThatThrownBy(() -> unwrapper.unwrap(TWO_32)).isInstanceOf(IllegalArgumentException.class);
    }
}
