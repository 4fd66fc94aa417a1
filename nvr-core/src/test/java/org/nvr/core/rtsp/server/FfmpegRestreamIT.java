package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nvr.core.h264.AnnexBReader;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.TestMedia;

/** ffmpeg, an independent client, decodes the live re-stream without error over TCP and UDP. */
class FfmpegRestreamIT {

    private ServerFixture fixture;
    private Thread publisher;
    private final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeEach
    void start() throws Exception {
        Peers.requireFfmpeg();
        byte[] clip = Files.readAllBytes(TestMedia.h264Clip(640, 360, 25, 4, 25, 800));
        List<List<byte[]>> units = new ArrayList<>();
        AnnexBReader reader = new AnnexBReader(clip);
        for (List<byte[]> unit = reader.next(); unit != null; unit = reader.next()) {
            units.add(unit);
        }
        byte[] sps = units.get(0).stream().filter(n -> (n[0] & 0x1f) == 7).findFirst().orElseThrow();
        byte[] pps = units.get(0).stream().filter(n -> (n[0] & 0x1f) == 8).findFirst().orElseThrow();
        VideoParameters parameters = SpsParser.toVideoParameters(sps, pps);
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS);
        fixture.hub().publish(parameters);
        publisher = new Thread(() -> {
            long n = 0;
            while (running.get()) {
                List<byte[]> nalus = units.get((int) (n % units.size()));
                // Parameter sets travel in the SDP and before keyframes; the units carry only their slices.
                List<byte[]> slices = nalus.stream().filter(x -> (x[0] & 0x1f) != 7 && (x[0] & 0x1f) != 8).toList();
                boolean key = nalus.stream().anyMatch(x -> (x[0] & 0x1f) == 5);
                fixture.hub().publish(new AccessUnit(n * 3600, Instant.now(), ClockSource.RECEIVE_CLOCK, key, slices));
                n++;
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test publisher");
        publisher.start();
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        if (publisher != null) {
            publisher.join(2000);
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void ffmpegDecodesTheStream(String transport) {
        String url = "rtsp://" + ServerFixture.USER + ":" + ServerFixture.PASSWORD + "@127.0.0.1:" + fixture.port
                + "/cam1";
        ProcessRunner.Result result = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error",
                "-rtsp_transport", transport, "-i", url, "-t", "3", "-f", "null", "-"), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(fixture.audit.withAction("live.view")).hasSize(1);
    }
}
