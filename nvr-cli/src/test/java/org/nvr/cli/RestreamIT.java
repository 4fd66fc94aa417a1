package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nvr.cli.config.AdminConfig;
import org.nvr.cli.config.CameraConfig;
import org.nvr.cli.config.CameraRetentionConfig;
import org.nvr.cli.config.DemoConfig;
import org.nvr.cli.config.NvrConfig;
import org.nvr.cli.config.RecordConfig;
import org.nvr.cli.config.RetentionConfig;
import org.nvr.cli.config.RtspConfig;
import org.nvr.cli.config.StorageConfig;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.core.model.Gap;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.testing.GstRtspCamera;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.TestMedia;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;

/**
 * Re-streaming and playback against real clients: the NVR records the GStreamer camera (with one camera outage, so
 * the recording has a gap) and serves it to ffmpeg, GStreamer's rtspsrc and a plain test client over RTSP, and as
 * an MP4 export over HTTP. Methods run in order on one recording, so the whole class costs one minute of
 * recording.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestreamIT {
    private static final StreamKey CAM = new StreamKey("cam1", "main");
    private static final String VIEWER = "viewer1";
    private static final String OPERATOR = "operator1";
    private static final String PASSWORD = "correct horse battery";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static Path dir;
    private static GstRtspCamera camera;
    private static NvrServer server;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void setUp() throws Exception {
        Peers.requireGstRtspServer();
        Peers.requireFfmpeg();
        dir = Files.createTempDirectory("restream-it");
        Path clip = TestMedia.h264Clip(640, 360, 25, 8, 25, 1500);
        camera = GstRtspCamera.builder().file(clip).fps(25).mounts("cam1").build().start();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (Database db = Database.open(data)) {
            H2UserStore users = new H2UserStore(db, new PasswordHasher(1_000, new java.security.SecureRandom()), NvrClock.SYSTEM);
            users.addUser(VIEWER, PASSWORD.toCharArray(), Role.VIEWER);
            users.addUser(OPERATOR, PASSWORD.toCharArray(), Role.OPERATOR);
        }
        CameraConfig cam = new CameraConfig("cam1", camera.url("cam1"), null, null, TransportMode.TCP,
                Duration.ofSeconds(10), true, CameraRetentionConfig.NONE);
        NvrConfig config = new NvrConfig(data, new RecordConfig(Duration.ofSeconds(10), Duration.ofSeconds(1), true),
                RetentionConfig.DEFAULT, StorageConfig.DEFAULT, new DemoConfig(false, 0),
                new RtspConfig("127.0.0.1", 0, false, Duration.ofSeconds(60)), new AdminConfig("127.0.0.1", 0),
                List.of(cam));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new NvrServer(config, registry, NvrClock.SYSTEM);
        server.start();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        if (camera != null) {
            camera.close();
        }
    }

    private static String liveUrl(String user) {
        return "rtsp://" + user + ":" + PASSWORD.replace(" ", "%20") + "@127.0.0.1:" + server.rtspPort() + "/cam1";
    }

    @Test
    @Order(1)
    void ffmpegDecodesLiveOverTcpAndUdp() {
        awaitFrames(50);
        for (String transport : List.of("tcp", "udp")) {
            ProcessRunner.Result r = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error",
                    "-rtsp_transport", transport, "-i", liveUrl(VIEWER), "-t", "4", "-f", "null", "-"),
                    Duration.ofSeconds(30));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stderr().strip()).as("ffmpeg messages over " + transport).isEmpty();
        }
    }

    @Test
    @Order(2)
    void gstreamerDecodesLiveOverTcpAndUdp() {
        Peers.require("gst-launch-1.0", Peers.has("gst-launch-1.0"));
        for (String protocol : List.of("tcp", "udp")) {
            ProcessRunner.Result r = ProcessRunner.run(List.of("gst-launch-1.0", "-q",
                    "rtspsrc", "location=rtsp://127.0.0.1:" + server.rtspPort() + "/cam1", "user-id=" + VIEWER,
                    "user-pw=" + PASSWORD, "protocols=" + protocol, "latency=0", "!", "rtph264depay", "!",
                    "h264parse", "!", "openh264dec", "!", "fakesink", "num-buffers=50"),
                    Duration.ofSeconds(40));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stderr()).as(r.describe()).doesNotContain("ERROR");
        }
    }

    @Test
    @Order(3)
    void wrongPasswordIsRefusedAndAudited() throws Exception {
        ProcessRunner.Result r = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error",
                "-rtsp_transport", "tcp", "-i", "rtsp://" + VIEWER + ":wrong@127.0.0.1:" + server.rtspPort()
                        + "/cam1", "-t", "1", "-f", "null", "-"), Duration.ofSeconds(20));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("401");
        List<AuditEntry> audit = server.audit().recent(50);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("auth.failure");
            assertThat(e.user()).isEqualTo(VIEWER);
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("live.view");
            assertThat(e.user()).isEqualTo(VIEWER);
            assertThat(e.detail()).containsEntry("camera", "cam1");
        });
    }

    @Test
    @Order(4)
    void twentyClientsAndAStalledOneDoNotSlowIngest() throws Exception {
        List<RawRtspClient> clients = new ArrayList<>();
        try (RawRtspClient stalled = play(liveUrlNoCredentials(), null)) {
            for (int i = 0; i < 20; i++) {
                clients.add(play(liveUrlNoCredentials(), null));
            }
            long framesBefore = server.status("cam1").frames();
            long started = System.nanoTime();
            // Each client reads 8 s of video (200 frames at 25 fps); the stalled one never reads.
            List<Integer> received = new ArrayList<>();
            for (RawRtspClient client : clients) {
                long remainingMillis = 12_000 - (System.nanoTime() - started) / 1_000_000;
                received.add(countMarked(client.readFrames(200, Duration.ofMillis(Math.max(remainingMillis,
                        1_000)))));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long ingestFrames = server.status("cam1").frames() - framesBefore;
            assertThat(ingestFrames / seconds).as("ingest frame rate with 21 clients").isGreaterThan(23.0);
            assertThat(received).allSatisfy(n -> assertThat(n).isEqualTo(200));
        } finally {
            for (RawRtspClient client : clients) {
                client.close();
            }
        }
    }

    private static String liveUrlNoCredentials() {
        return "rtsp://127.0.0.1:" + server.rtspPort() + "/cam1";
    }

    private static RawRtspClient play(String url, Map<String, String> playHeaders) throws IOException {
        RawRtspClient client = new RawRtspClient("127.0.0.1", server.rtspPort(), VIEWER, PASSWORD);
        RawRtspClient.Response describe = client.request("DESCRIBE", url, Map.of("Accept", "application/sdp"));
        assertThat(describe.status()).as("DESCRIBE").isEqualTo(200);
        String control = describe.body().lines().filter(l -> l.startsWith("a=control:") && !l.endsWith("*"))
                .map(l -> l.substring("a=control:".length())).findFirst().orElseThrow();
        String base = describe.header("content-base") != null ? describe.header("content-base") : url + "/";
        String trackUrl = control.startsWith("rtsp://") ? control
                : (base.endsWith("/") ? base : base + "/") + control;
        RawRtspClient.Response setup = client.request("SETUP", trackUrl,
                Map.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        assertThat(setup.status()).as("SETUP").isEqualTo(200);
        RawRtspClient.Response play = client.request("PLAY", url,
                playHeaders == null ? Map.of() : playHeaders);
        assertThat(play.status()).as("PLAY " + play.headers()).isEqualTo(200);
        return client;
    }

    private static int countMarked(List<RawRtspClient.Frame> frames) {
        int marked = 0;
        for (RawRtspClient.Frame f : frames) {
            if (f.channel() == 0 && (f.payload()[1] & 0x80) != 0) {
                marked++;
            }
        }
        return marked;
    }

    @Test
    @Order(5)
    void recordedPlaybackStartsAtTheRequestedTimeAndCrossesSegmentsAndTheGap() throws Exception {
        // Make the recording: segments of 10 s, then a camera outage of 5 s, then more video.
        awaitSegments(2);
        camera.kill();
        Thread.sleep(5_000);
        camera.restart();
        awaitGap();
        awaitSegments(4);
        List<SegmentRow> segments = server.index().segments(CAM, Instant.EPOCH, Instant.now());
        List<Gap> gaps = server.index().gaps(CAM, Instant.EPOCH, Instant.now());
        SegmentRow second = segments.get(1);
        Gap gap = gaps.get(0);
        Instant requested = second.startUtc().plusMillis(3_300);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Range", "clock=" + CLOCK.format(requested) + "-");
        headers.put("Scale", "4");
        headers.put("Require", "onvif-replay");
        try (RawRtspClient client = play(liveUrlNoCredentials(), headers)) {
            // Read until well past the gap: the rest of segment 2, all of segment 3 and a bit more, at scale 4.
            long needFrames = Duration.between(requested, gap.end()).toMillis() / 40 + 50;
            List<RawRtspClient.Frame> frames = client.readFrames((int) needFrames, Duration.ofSeconds(40));
            long[] sr = null;
            List<Instant> frameTimes = new ArrayList<>();
            long lastTs = -1;
            for (RawRtspClient.Frame f : frames) {
                if (f.channel() == 1 && sr == null) {
                    sr = RawRtspClient.senderReport(f.payload());
                } else if (f.channel() == 0 && sr != null) {
                    long ts = RawRtspClient.rtpTimestamp(f.payload());
                    if (ts != lastTs) {
                        frameTimes.add(RawRtspClient.wallClock(sr, ts));
                        lastTs = ts;
                    }
                }
            }
            assertThat(sr).as("a sender report before the first frame").isNotNull();
            assertThat(frameTimes).isNotEmpty();
            Instant first = frameTimes.get(0);
            // The keyframe at or before the requested time: the clip has one keyframe a second.
            assertThat(first).isBeforeOrEqualTo(requested.plusMillis(1));
            assertThat(Duration.between(first, requested)).isLessThanOrEqualTo(Duration.ofMillis(1_100));
            assertThat(frameTimes).as("crosses into the third segment")
                    .anySatisfy(t -> assertThat(t).isAfter(segments.get(2).startUtc()));
            // Across the gap the wall clock jumps by the gap's length, signalled through RTP time.
            Instant beforeGap = frameTimes.stream().filter(t -> !t.isAfter(gap.start())).reduce((a, b) -> b)
                    .orElseThrow();
            Instant afterGap = frameTimes.stream().filter(t -> t.isAfter(gap.start())).findFirst().orElseThrow();
            assertThat(Duration.between(beforeGap, afterGap))
                    .isGreaterThan(Duration.between(gap.start(), gap.end()).minusMillis(500));
            assertThat(afterGap).isCloseTo(gap.end(), within(Duration.ofMillis(200)));
        }
        assertThat(server.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("recording.play");
            assertThat(e.detail()).containsEntry("camera", "cam1");
        });
    }

    @Test
    @Order(6)
    void ffmpegDecodesRecordedPlayback() {
        SegmentRow second = server.index().segments(CAM, Instant.EPOCH, Instant.now()).get(1);
        String url = liveUrl(VIEWER) + "?start=" + CLOCK.format(second.startUtc().plusSeconds(5));
        ProcessRunner.Result r = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error",
                "-rtsp_transport", "tcp", "-i", url, "-t", "8", "-f", "null", "-"), Duration.ofSeconds(40));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr().strip()).as(r.describe()).isEmpty();
    }

    @Test
    @Order(7)
    void exportHoldsTheIndexedFramesAndItsManifestHashesMatchTheFiles() throws Exception {
        List<SegmentRow> segments = server.index().segments(CAM, Instant.EPOCH, Instant.now());
        Instant start = segments.get(0).startUtc().plusMillis(4_500);
        Instant end = segments.get(2).startUtc().plusMillis(2_000);
        String query = "?start=" + start + "&end=" + end;
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString((OPERATOR + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String base = "http://127.0.0.1:" + server.adminPort() + "/api/v1/cameras/cam1/";
        Path mp4 = dir.resolve("export.mp4");
        HttpResponse<Path> body = http.send(HttpRequest.newBuilder(URI.create(base + "export.mp4" + query))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofFile(mp4));
        assertThat(body.statusCode()).isEqualTo(200);
        HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(URI.create(base + "export.json" + query))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(body.headers().firstValue("X-Nvr-Manifest-Sha256")).hasValue(
                sha256(manifest.body().getBytes(StandardCharsets.UTF_8)));

        ProcessRunner.Result decode = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i",
                mp4.toString(), "-f", "null", "-"), Duration.ofSeconds(60));
        assertThat(decode.exitCode()).as(decode.describe()).isZero();
        assertThat(decode.stderr().strip()).as(decode.describe()).isEmpty();
        ProcessRunner.Result count = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
                mp4.toString()), Duration.ofSeconds(60));
        long expectedFrames = framesInExport(segments, start, end);
        assertThat(Long.parseLong(count.stdout().strip())).isEqualTo(expectedFrames);

        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifest.body());
        assertThat(json.get("frames").asLong()).isEqualTo(expectedFrames);
        assertThat(json.get("segments")).hasSizeGreaterThanOrEqualTo(3);
        for (com.fasterxml.jackson.databind.JsonNode s : json.get("segments")) {
            Path file = server.recordingsRoot().resolve(s.get("path").asText());
            assertThat(s.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(file)));
        }
        assertThat(server.audit().recent(20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("recording.export");
            assertThat(e.user()).isEqualTo(OPERATOR);
        });
    }

    @Test
    @Order(8)
    void nvrExportDownloadsTheSameBytesWithAManifestSidecar() throws Exception {
        List<SegmentRow> segments = server.index().segments(CAM, Instant.EPOCH, Instant.now());
        Instant start = segments.get(1).startUtc().plusMillis(1_200);
        Instant end = start.plusSeconds(6);
        Path out = dir.resolve("cli-export.mp4");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", Path.of("target", "nvr.jar").toAbsolutePath().toString(), "export", "cam1",
                "--from", start.toString(), "--to", end.toString(), "-o", out.toString(),
                "--server", "http://127.0.0.1:" + server.adminPort(), "--user", OPERATOR);
        pb.environment().put("NVR_PASSWORD", PASSWORD);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain(PASSWORD);

        byte[] mp4 = Files.readAllBytes(out);
        com.fasterxml.jackson.databind.JsonNode sidecar = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("cli-export.mp4.manifest.json").toFile());
        assertThat(sidecar.toString()).contains(sha256(mp4));
        ProcessRunner.Result decode = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i",
                out.toString(), "-f", "null", "-"), Duration.ofSeconds(60));
        assertThat(decode.exitCode()).as(decode.describe()).isZero();
        assertThat(decode.stderr().strip()).as(decode.describe()).isEmpty();

        // The re-stream and export metrics are on /metrics, which a viewer may read.
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.adminPort() + "/metrics")).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((VIEWER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("nvr_rtsp_bytes_out", "nvr_rtsp_sessions", "nvr_rtsp_frames_dropped",
                "nvr_rtsp_playback_sessions", "nvr_export_bytes", "nvr_ingest_");
    }

    /**
     * Frames the source files hold from the keyframe at or before {@code start} to {@code end}, counted with
     * ffprobe on each segment file (an oracle independent of our readers): wall time = segment start + pts.
     */
    private static long framesInExport(List<SegmentRow> segments, Instant start, Instant end) {
        List<Instant> times = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        for (SegmentRow s : segments) {
            if (!s.endUtc().isAfter(start.minusSeconds(60)) || !s.startUtc().isBefore(end)) {
                continue;
            }
            ProcessRunner.Result r = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                    "-show_entries", "packet=pts,flags", "-of", "csv=p=0",
                    server.recordingsRoot().resolve(s.path()).toString()), Duration.ofSeconds(30));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            for (String line : r.stdout().strip().split("\n")) {
                String[] f = line.split(",");
                long pts90k = Long.parseLong(f[0]);
                times.add(s.startUtc().plusNanos(pts90k * 1_000_000_000L / 90_000));
                keys.add(f[1].contains("K"));
            }
        }
        int first = 0;
        for (int i = 0; i < times.size() && !times.get(i).isAfter(start); i++) {
            if (keys.get(i)) {
                first = i;
            }
        }
        long frames = 0;
        for (int i = first; i < times.size(); i++) {
            if (times.get(i).isBefore(end)) {
                frames++;
            }
        }
        return frames;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toMillis(), java.time.temporal.ChronoUnit.MILLIS);
    }

    private static void awaitFrames(long frames) {
        await(() -> server.status("cam1") != null && server.status("cam1").frames() >= frames, "frames");
    }

    private static void awaitSegments(int count) {
        await(() -> server.index().segments(CAM, Instant.EPOCH, Instant.now()).size() >= count,
                count + " segments");
    }

    private static void awaitGap() {
        await(() -> !server.index().gaps(CAM, Instant.EPOCH, Instant.now()).isEmpty(), "a gap row");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
