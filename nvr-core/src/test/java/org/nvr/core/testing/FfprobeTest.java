package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfprobeTest {
    private static ProcessRunner.Result stdout(String text) {
        return new ProcessRunner.Result(List.of("ffprobe"), 0, text, "", false, false, Duration.ofMillis(1));
    }

    @Test
    void parsesPtsSkippingSideDataLinesAndCountingMissing() {
        // Shape of `ffprobe -show_entries packet=pts_time -of csv=p=0` on the GStreamer camera (ffmpeg 5.1): the
        // first RTSP packet has no pts yet; packets with side data end in ',' and are followed by an empty line.
        String output = "N/A\n0.040000\n0.080000,\n\n0.120000\n";

        Ffprobe.PacketTimes times = Ffprobe.PacketTimes.parse(stdout(output));

        assertThat(times.ptsSeconds()).containsExactly(0.04, 0.08, 0.12);
        assertThat(times.missingPts()).isEqualTo(1);
        assertThat(times.strictlyIncreasing()).isTrue();
        assertThat(times.ptsFps()).isCloseTo(25.0, offset(1e-9));
        assertThat(times.firstNonIncrease()).isEqualTo("none");
    }

    @Test
    void reportsTheFirstRepeatedTimestamp() {
        // The filesrc trap of PEERS.md: every frame with the same timestamp.
        Ffprobe.PacketTimes times = Ffprobe.PacketTimes.parse(stdout("0.000000\n0.000000\n0.000000\n"));

        assertThat(times.strictlyIncreasing()).isFalse();
        assertThat(times.firstNonIncrease()).isEqualTo("packet 1: 0.0 -> 0.0");
        assertThat(times.ptsFps()).isZero();
    }

    @Test
    void emptyOutputHasNoPackets() {
        Ffprobe.PacketTimes times = Ffprobe.PacketTimes.parse(stdout(""));

        assertThat(times.ptsSeconds()).isEmpty();
        assertThat(times.ptsFps()).isZero();
    }

    @Test
    void rejectsGarbageInsteadOfGuessing() {
        assertThatThrownBy(() -> Ffprobe.PacketTimes.parse(stdout("0.04\nnot-a-number\n")))
                .isInstanceOf(NumberFormatException.class);
    }
}
