package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SenderReportTest {

    @Test
    void ntpInstantAndMiddle32() {
        SenderReport sr = new SenderReport(0x1234ABCDL, 0xE93C7F00_80000000L, 90_000, 100, 100_000);
        assertThat(sr.ntpInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00.5Z"));
        // RFC 3550 §6.4.1 LSR: the low 16 bits of the seconds and the high 16 bits of the fraction.
        assertThat(sr.middle32()).isEqualTo(0x7F008000L);
    }

    @Test
    void ntpInstantInEraOne() {
        SenderReport sr = new SenderReport(1, 0x0754FD00_40000000L, 0, 0, 0);
        assertThat(sr.ntpInstant()).isEqualTo(Instant.parse("2040-01-01T00:00:00.25Z"));
        assertThat(sr.middle32()).isEqualTo(0xFD004000L);
    }

    @Test
    void rejectsValuesWiderThan32Bits() {
        assertThatThrownBy(() -> new SenderReport(1L << 32, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssrc");
        assertThatThrownBy(() -> new SenderReport(0, 0, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rtpTimestamp");
        assertThatThrownBy(() -> new SenderReport(0, 0, 0, 1L << 32, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packetCount");
        assertThatThrownBy(() -> new SenderReport(0, 0, 0, 0, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("octetCount");
    }
}
