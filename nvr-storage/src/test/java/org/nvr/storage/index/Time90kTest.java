package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class Time90kTest {
    @Test
    void wholeSecondsAreExact() {
        // 2024-01-01T00:00:00Z = 1 704 067 200 s since the epoch.
        assertThat(Time90k.toTicks(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo(1_704_067_200L * 90_000);
        assertThat(Time90k.toInstant(1_704_067_200L * 90_000)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void instantsFloorToTheTickThatHoldsThem() {
        // One tick is 11 111.1 ns: 11 111 ns is still in tick 0, 11 112 ns in tick 1.
        assertThat(Time90k.toTicks(Instant.ofEpochSecond(0, 11_111))).isZero();
        assertThat(Time90k.toTicks(Instant.ofEpochSecond(0, 11_112))).isEqualTo(1);
        assertThat(Time90k.toTicks(Instant.ofEpochSecond(0, 999_999_999))).isEqualTo(89_999);
        // Before the epoch: -1 ns is in tick -1 (floor, not truncation toward zero).
        assertThat(Time90k.toTicks(Instant.ofEpochSecond(0, -1))).isEqualTo(-1);
    }

    @Test
    void ticksMapToTheEarliestNanosecondOfTheTick() {
        assertThat(Time90k.toInstant(1)).isEqualTo(Instant.ofEpochSecond(0, 11_112));
        assertThat(Time90k.toInstant(89_999)).isEqualTo(Instant.ofEpochSecond(0, 999_988_889));
        assertThat(Time90k.toInstant(-1)).isEqualTo(Instant.ofEpochSecond(-1, 999_988_889));
    }

    @Test
    void ceilingIsTheFirstTickStartingAtOrAfterTheInstant() {
        assertThat(Time90k.toTicksCeiling(Instant.EPOCH)).isZero();
        assertThat(Time90k.toTicksCeiling(Instant.ofEpochSecond(0, 1))).isEqualTo(1);
        // Tick 1 starts at 11 112 ns: exactly there the ceiling is 1, one nanosecond later 2.
        assertThat(Time90k.toTicksCeiling(Instant.ofEpochSecond(0, 11_112))).isEqualTo(1);
        assertThat(Time90k.toTicksCeiling(Instant.ofEpochSecond(0, 11_113))).isEqualTo(2);
        assertThat(Time90k.toTicksCeiling(Instant.ofEpochSecond(0, -1))).isZero();
    }

    @Test
    void ticksRoundTripExactly() {
        long base = 1_704_067_200L * 90_000;
        for (long t = base - 200_000; t < base + 200_000; t++) {
            assertThat(Time90k.toTicks(Time90k.toInstant(t))).isEqualTo(t);
        }
        for (long t = -200_000; t < 200_000; t += 7) {
            assertThat(Time90k.toTicks(Time90k.toInstant(t))).isEqualTo(t);
        }
    }

    @Test
    void instantsRoundTripToTickPrecision() {
        Instant i = Instant.parse("2031-05-06T07:08:09.123456789Z");
        Instant back = Time90k.toInstant(Time90k.toTicks(i));
        assertThat(back).isBeforeOrEqualTo(i);
        assertThat(i.toEpochMilli() * 1_000_000L + i.getNano() % 1_000_000
                - (back.toEpochMilli() * 1_000_000L + back.getNano() % 1_000_000)).isBetween(0L, 11_112L);
    }

    @Test
    void farFutureDatesDoNotOverflow() {
        Instant year9999 = Instant.parse("9999-12-31T23:59:59.999999999Z");
        long ticks = Time90k.toTicks(year9999);
        assertThat(ticks).isEqualTo(253_402_300_799L * 90_000 + 89_999);
        assertThat(Time90k.toTicks(Time90k.toInstant(ticks))).isEqualTo(ticks);
        assertThatThrownBy(() -> Time90k.toTicks(Instant.MAX)).isInstanceOf(ArithmeticException.class);
    }
}
