package org.nvr.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;

/**
 * ffprobe, an RTSP client nobody here wrote, reads a simulator stream over TCP without an error (UDP is covered by the
 * NVR's own client in {@link SimCameraNvrClientTest}, and was checked with ffprobe by hand: docs/bench.md).
 */
class SimCameraFfprobeTest {

    @Test
    void ffprobeCountsTheStreamsPacketsOverTcpWithoutError() {
        Peers.requireFfmpeg();
        try (SimServerFixture sim = new SimServerFixture(SimOptions.defaults())) {
            // -count_packets reads the stream to its end; a live stream has none, so -read_intervals stops it
            // after 1 s of media.
            ProcessRunner.Result result = ProcessRunner.run(List.of("ffprobe", "-v", "error",
                    "-rtsp_transport", "tcp", "-count_packets", "-read_intervals", "%+1",
                    "-show_entries", "stream=codec_name,width,height,nb_read_packets", "-of", "csv=p=0",
                    sim.url("cam9")), Duration.ofSeconds(30));
            assertThat(result.succeeded()).as(result.describe()).isTrue();
            assertThat(result.stderr()).as("ffprobe's errors").isBlank();
            String[] fields = result.stdout().strip().split(",");
            assertThat(fields).as(result.stdout()).hasSize(4);
            assertThat(fields[0]).isEqualTo("h264");
            assertThat(fields[1]).isEqualTo("640");
            assertThat(fields[2]).isEqualTo("360");
            // 1 s of 25 pictures/s: about 25 packets (ffprobe counts one per picture), by media time, not wall time.
            assertThat(Integer.parseInt(fields[3])).isBetween(20, 30);
        }
    }
}
