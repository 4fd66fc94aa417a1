package org.nvr.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;

/** A segment cut for duration ends where its successor starts, within the wall clock's 500 ppm slew. */
class SegmentEndTest {
    private static final Instant START = Instant.parse("2026-11-24T10:15:00Z");
    private static final VideoParameters PARAMETERS = new VideoParameters(
            new byte[] {0x67, 0x42, (byte) 0xc0, 0x1e, 0x01}, new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80},
            640, 360, 66, 30);

    private static SegmentSummary tenSeconds() {
        SegmentStart start = new SegmentStart(new StreamKey("cam1", "main"), 3, START, 0, PARAMETERS,
                ClockSource.RTCP_SR);
        return new SegmentSummary(start, Path.of("cam1/x.mp4"), START.plusSeconds(10), 900_000, 1000, 250,
                "0".repeat(64), List.of(new FragmentEntry(0, 100, 900, 250, true)), EndReason.DURATION);
    }

    @Test
    void endMovesToTheSuccessorWithinTheSlew() {
        // 500 ppm of 10 s is 5 ms; 1 ms more is allowed for rounding.
        Instant successor = START.plusSeconds(10).plusNanos(5_900_000);
        SegmentSummary moved = StreamRecording.endingAt(tenSeconds(), successor);
        assertThat(moved.endUtc()).isEqualTo(successor);
        assertThat(moved.mediaDuration90k()).isEqualTo(900_000);
        Instant earlier = START.plusSeconds(10).minusNanos(5_900_000);
        assertThat(StreamRecording.endingAt(tenSeconds(), earlier).endUtc()).isEqualTo(earlier);
    }

    @Test
    void aSuccessorBeyondTheSlewLeavesTheEndAlone() {
        Instant far = START.plusSeconds(10).plusMillis(7);
        assertThat(StreamRecording.endingAt(tenSeconds(), far).endUtc()).isEqualTo(START.plusSeconds(10));
    }
}
