package org.nvr.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HubLimitsTest {

    @Test
    void defaultsAre300UnitsAnd16MiB() {
        assertThat(HubLimits.DEFAULT.maxGopUnits()).isEqualTo(300);
        assertThat(HubLimits.DEFAULT.maxGopBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void acceptsTheBounds() {
        assertThat(new HubLimits(1, 1).maxGopUnits()).isEqualTo(1);
        assertThat(new HubLimits(100_000, 1L << 30).maxGopBytes()).isEqualTo(1L << 30);
    }

    @Test
    void rejectsUnitsOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> new HubLimits(0, 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxGopUnits").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new HubLimits(100_001, 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxGopUnits");
    }

    @Test
    void rejectsBytesOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> new HubLimits(300, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxGopBytes").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new HubLimits(300, (1L << 30) + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxGopBytes");
    }
}
