package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.config.AdminConfig;
import org.nvr.cli.config.CameraConfig;
import org.nvr.cli.config.CameraRetentionConfig;
import org.nvr.cli.config.DemoConfig;
import org.nvr.cli.config.NvrConfig;
import org.nvr.cli.config.RecordConfig;
import org.nvr.cli.config.RetentionConfig;
import org.nvr.cli.config.RtspConfig;
import org.nvr.cli.config.StorageConfig;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.testing.GstRtspCamera;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.TestMedia;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;

/**
 * The whole recording path against the GStreamer camera: RTSP ingest, hub, recorder, fMP4 files, H2 index.
 * Every file must decode in ffmpeg without a message, hold exactly the frames its index row says, and
 * consecutive segments must tile time, with every hole explained by a gap row.
 */
class RecordingIT {
    private static final StreamKey CAM = new StreamKey("cam1", "main");
    private static Path clip;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void setUp() {
        Peers.requireGstRtspServer();
        Peers.requireFfmpeg();
        clip = TestMedia.h264Clip(640, 360, 25, 8, 50, 1500);
    }

    private NvrConfig config(String url) {
        CameraConfig camera = new CameraConfig("cam1", url, null, null, TransportMode.TCP, Duration.ofSeconds(10),
                true, CameraRetentionConfig.NONE);
        return new NvrConfig(dataDir, new RecordConfig(Duration.ofSeconds(10), Duration.ofSeconds(1), true),
                RetentionConfig.DEFAULT, StorageConfig.DEFAULT, new DemoConfig(false, 0),
                new RtspConfig("127.0.0.1", 0, false, Duration.ofSeconds(60)), new AdminConfig("127.0.0.1", 0),
                List.of(camera));
    }

    @Test
    void recordsSeveralSegmentsThatDecodeAndTileTime() throws Exception {
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).fps(25).mounts("cam1").build().start()) {
            NvrServer server = new NvrServer(config(camera.url("cam1")), new SimpleMeterRegistry(), NvrClock.SYSTEM);
            server.start();
            try {
                Thread.sleep(33_000);
            } finally {
                server.close();
            }
        }
        List<SegmentRow> segments = indexed();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < segments.size(); i++) {
            SegmentRow s = segments.get(i);
            assertDecodesWithFrames(s);
            if (i < segments.size() - 1) {
                // Cut at the first keyframe at or after 10 s: the clip has one every 2 s.
                assertThat(s.endReason()).isEqualTo(EndReason.DURATION);
                assertThat(s.mediaDuration90k()).isEqualTo(10 * 90_000L);
                assertThat(s.frames()).isEqualTo(250);
                SegmentRow next = segments.get(i + 1);
                assertThat(next.sequence()).isEqualTo(s.sequence() + 1);
                // No overlap and no hole: the next starts exactly where this one ends.
                assertThat(next.startUtc()).isEqualTo(s.endUtc());
            }
        }
        assertThat(segments.get(segments.size() - 1).endReason()).isEqualTo(EndReason.STOPPED);
    }

    @Test
    void aCameraDropClosesTheSegmentRecordsOneGapAndRecordingResumes() throws Exception {
        Instant killedAt;
        Instant restartedAt;
        try (GstRtspCamera camera = GstRtspCamera.builder().file(clip).fps(25).mounts("cam1").build().start()) {
            NvrServer server = new NvrServer(config(camera.url("cam1")), new SimpleMeterRegistry(), NvrClock.SYSTEM);
            server.start();
            try {
                Thread.sleep(6_000);
                killedAt = Instant.now();
                camera.kill();
                Thread.sleep(3_000);
                camera.restart();
                restartedAt = Instant.now();
                Thread.sleep(12_000);
            } finally {
                server.close();
            }
        }
        List<SegmentRow> segments = indexed();
        List<Gap> gaps;
        try (Database database = Database.open(dataDir)) {
            gaps = new H2RecordingIndex(database, NvrClock.SYSTEM).gaps(CAM, Instant.EPOCH, Instant.now());
        }
        assertThat(gaps).hasSize(1);
        Gap gap = gaps.get(0);
        assertThat(gap.cause()).isIn(GapCause.NETWORK, GapCause.CAMERA);
        assertThat(Duration.between(gap.start(), killedAt).abs()).isLessThan(Duration.ofMillis(500));
        assertThat(gap.end()).isAfter(restartedAt);

        SegmentRow before = segments.get(0);
        assertThat(before.endReason()).isEqualTo(EndReason.GAP);
        assertThat(Duration.between(before.endUtc(), gap.start()).abs()).isLessThan(Duration.ofMillis(5));
        SegmentRow after = segments.get(1);
        assertThat(Duration.between(gap.end(), after.startUtc()).abs()).isLessThan(Duration.ofMillis(5));
        for (SegmentRow s : segments) {
            assertDecodesWithFrames(s);
        }
    }

    private List<SegmentRow> indexed() {
        try (Database database = Database.open(dataDir)) {
            return new H2RecordingIndex(database, NvrClock.SYSTEM).segments(CAM, Instant.EPOCH, Instant.now());
        }
    }

    /** ffmpeg decodes the file without a word, and ffprobe counts exactly the frames the index holds. */
    private void assertDecodesWithFrames(SegmentRow segment) {
        Path file = dataDir.resolve("recordings").resolve(segment.path());
        ProcessRunner.Result decode = ProcessRunner.run(
                List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"), Duration.ofSeconds(60));
        assertThat(decode.exitCode()).as(decode.describe()).isZero();
        assertThat(decode.stderr()).as("ffmpeg errors for %s", file).isEmpty();
        ProcessRunner.Result packets = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-show_entries", "packet=pts_time", "-of", "csv=p=0", file.toString()), Duration.ofSeconds(60));
        List<String> lines = packets.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("packets of %s", file).hasSize((int) segment.frames());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(Double.parseDouble(lines.get(i))).as("pts of packet %d in %s", i, file)
                    .isCloseTo(i * 0.04, org.assertj.core.api.Assertions.within(1e-6));
        }
    }
}
