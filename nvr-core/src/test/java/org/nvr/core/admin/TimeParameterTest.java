package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeParameterTest {
    @Test
    void isoInstantsAndRtspClockTimes() {
        assertThat(TimeParameter.parse("start", "2026-11-24T10:15:00Z")).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
        assertThat(TimeParameter.parse("start", "2026-11-24T10:15:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-24T10:15:00.123456789Z"));
        // RFC 2326 §3.7 example form: 19961108T143720.25Z
        assertThat(TimeParameter.parse("start", "19961108T143720.25Z")).isEqualTo(Instant.parse("1996-11-08T14:37:20.250Z"));
        assertThat(TimeParameter.parse("end", "20261124T101500Z")).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
    }

    @Test
    void badValuesNameTheParameter() {
        for (String bad : new String[] {"", "now", "2026-11-24", "2026-11-24T10:15:00", "20261124T101500",
                "20261124T251500Z", "20261131T101500Z", "20261124T101500.1234567890Z", "2026-11-24T10:15:00Z ",
                "9".repeat(100)}) {
            assertThatThrownBy(() -> TimeParameter.parse("end", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'end'");
        }
    }
}
