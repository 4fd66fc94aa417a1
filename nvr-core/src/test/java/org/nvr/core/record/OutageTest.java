package org.nvr.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.core.testing.StreamItems.T0;

import org.junit.jupiter.api.Test;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;

class OutageTest {
    @Test
    void becomesADiskGapUntilRecordingResumes() {
        Outage outage = new Outage(T0, "writing segment 3 failed: disk full", true, 1_000);
        assertThat(outage.gapUntil(T0.plusSeconds(7)))
                .isEqualTo(new Gap(T0, T0.plusSeconds(7), GapCause.DISK, "writing segment 3 failed: disk full"));
    }

    @Test
    void aWallClockSteppedBackGivesAGapOfNoLengthAtTheEnd() {
        Outage outage = new Outage(T0, "disk full", true, 0);
        Gap gap = outage.gapUntil(T0.minusSeconds(3));
        assertThat(gap.start()).isEqualTo(T0.minusSeconds(3));
        assertThat(gap.end()).isEqualTo(T0.minusSeconds(3));
    }

    @Test
    void retryIsDueFromItsMonotonicTimeEvenAcrossOverflow() {
        Outage outage = new Outage(T0, "disk full", true, Long.MAX_VALUE - 10);
        assertThat(outage.retryDue(Long.MAX_VALUE - 11)).isFalse();
        assertThat(outage.retryDue(Long.MAX_VALUE - 10)).isTrue();
        // The monotonic clock may wrap; differences still order correctly.
        assertThat(outage.retryDue(Long.MIN_VALUE + 5)).isTrue();
        outage.retryAt(Long.MIN_VALUE + 100);
        assertThat(outage.retryDue(Long.MIN_VALUE + 5)).isFalse();
    }

    @Test
    void aCameraGapSplitsItSoThatGapsDoNotOverlap() {
        Outage outage = new Outage(T0, "disk full", true, 0);
        Gap camera = new Gap(T0.plusSeconds(4), T0.plusSeconds(9), GapCause.NETWORK, "connection reset");
        assertThat(outage.splitAt(camera)).isEqualTo(new Gap(T0, T0.plusSeconds(4), GapCause.DISK, "disk full"));
        assertThat(outage.start()).isEqualTo(T0.plusSeconds(9));
        assertThat(outage.gapUntil(T0.plusSeconds(12)).start()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void aCameraGapStartingBeforeTheOutageLeavesNoDiskPartBeforeIt() {
        Outage outage = new Outage(T0.plusSeconds(5), "disk full", true, 0);
        Gap camera = new Gap(T0.plusSeconds(4), T0.plusSeconds(9), GapCause.NETWORK, "stall");
        assertThat(outage.splitAt(camera)).isNull();
        assertThat(outage.start()).isEqualTo(T0.plusSeconds(9));
    }
}
