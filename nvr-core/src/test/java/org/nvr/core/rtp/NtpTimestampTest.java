package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NtpTimestampTest {

    @Test
    void eraZeroTimestamp() {
        // 0xE93C7F00 = 3913056000 s since 1900 = 1704067200 s since 1970 = 2024-01-01T00:00:00Z;
        // fraction 0x80000000 = 0.5 s.
        assertThat(NtpTimestamp.toInstant(0xE93C7F00_80000000L)).isEqualTo(Instant.parse("2024-01-01T00:00:00.5Z"));
        assertThat(NtpTimestamp.fromInstant(Instant.parse("2024-01-01T00:00:00.5Z"))).isEqualTo(0xE93C7F00_80000000L);
    }

    @Test
    void unixEpoch() {
        // RFC 868 / RFC 5905: 1970-01-01 is 2208988800 = 0x83AA7E80 s after 1900.
        assertThat(NtpTimestamp.toInstant(0x83AA7E80_00000000L)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void eraOneAfterTheWrapIn2036() {
        // RFC 4330 §3: seconds 0 with the top bit clear is 2036-02-07T06:28:16Z, not 1900.
        assertThat(NtpTimestamp.toInstant(0L)).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
        // 0x0754FD00 = 2^32 + 0x0754FD00 - 2208988800 = 2208988800 s since 1970 = 2040-01-01T00:00:00Z.
        assertThat(NtpTimestamp.toInstant(0x0754FD00_00000000L)).isEqualTo(Instant.parse("2040-01-01T00:00:00Z"));
        assertThat(NtpTimestamp.fromInstant(Instant.parse("2040-01-01T00:00:00Z"))).isEqualTo(0x0754FD00_00000000L);
        // The last second of era 0 and the first of era 1 are one second apart.
        assertThat(NtpTimestamp.toInstant(0xFFFFFFFF_00000000L)).isEqualTo(Instant.parse("2036-02-07T06:28:15Z"));
    }

    @Test
    void boundsOfTheRfc4330Range() {
        assertThat(NtpTimestamp.MIN).isEqualTo(Instant.parse("1968-01-20T03:14:08Z"));
        assertThat(NtpTimestamp.toInstant(0x80000000_00000000L)).isEqualTo(NtpTimestamp.MIN);
        assertThat(NtpTimestamp.fromInstant(NtpTimestamp.MAX) >>> 32).isEqualTo(0x7FFFFFFFL);
        assertThatThrownBy(() -> NtpTimestamp.fromInstant(NtpTimestamp.MIN.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the NTP range");
        assertThatThrownBy(() -> NtpTimestamp.fromInstant(NtpTimestamp.MAX.plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionRoundTripsToTheNanosecond() {
        Instant base = Instant.parse("2025-06-30T23:59:59Z");
        for (int nanos : new int[] {0, 1, 999, 123_456_789, 500_000_000, 999_999_999}) {
            Instant t = base.plusNanos(nanos);
            assertThat(NtpTimestamp.toInstant(NtpTimestamp.fromInstant(t))).isEqualTo(t);
        }
        // The largest fraction rounds up into the next second.
        assertThat(NtpTimestamp.toInstant(0xE93C7F00_FFFFFFFFL)).isEqualTo(Instant.parse("2024-01-01T00:00:01Z"));
    }
}
