package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment file as written ({@link Fmp4SegmentSink}, real H.264, 6 s in 1 s fragments) plays as it is in Chromium
 * and VLC (PEERS.md "Browser" and "VLC"); ffmpeg is checked by {@link Fmp4SegmentWriterTest}.
 */
class PlaybackIT {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackIT.class);
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int SECONDS = 6;
    private static final int FRAMES = SECONDS * 25;
    private static final String PAGE = "playback.html";
    /** A decoded frame of ffmpeg's testsrc2 has thousands of colours; a black, grey or green one a handful. */
    private static final int MIN_FRAME_COLOURS = 1000;
    /** Real-time playback of 6 s, plus Chromium's start on a shared 2-core machine. */
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 100;
    /**
     * Pictures VLC's video output may drop: it ends playback once its decoder queues are empty, dropping up to the
     * last two pictures still waiting for their display time (148 to 150 of 150 seen), and it may drop the first
     * one while its clock starts (seen once under CI load).
     */
    private static final int VLC_FRAMES_MAY_DROP = 3;

    private static TestSegments.Clip clip;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClip() {
        Peers.requireFfmpeg();
        // 6 s at 25 fps, an IDR every 2 s.
        clip = TestSegments.clip(WIDTH, HEIGHT, SECONDS, 50, 1500);
    }

    @Test
    void chromiumPlaysTheFileAsVideoSrc() throws IOException {
        requireChromium();
        Map<String, String> report = playInChromium("src", writeSegment());

        assertPlayedCompletely(report);
        // No mehd (ISO/IEC 14496-12 §8.8.2) gives the duration up front, so it comes from the fragments: right from
        // the first frame when the server answers Range requests (served as plain 200, Chromium first guessed 1.92 s).
        assertThat(report).containsEntry("durationAtFirstFrame", "6.000").containsEntry("durationAtEnd", "6.000");
    }

    @Test
    void chromiumPlaysTheFileThroughMediaSourceExtensions() throws IOException {
        requireChromium();
        Map<String, String> report = playInChromium("mse", writeSegment());

        assertThat(report).containsEntry("typeSupported", "true")
                .containsEntry("initBoxes", "ftyp,uuid,moov")
                .containsEntry("mediaSegments", Integer.toString(SECONDS))
                .containsEntry("bufferedEnd", "6.000")
                .containsEntry("durationAtFirstFrame", "6.000")
                .containsEntry("durationAtEnd", "6.000");
        assertPlayedCompletely(report);
    }

    @Test
    void vlcShowsEveryFrameAsFfmpegDecodesIt() throws IOException {
        Peers.requireVlc();
        Path file = writeSegment();
        // cvlc refuses to run as root (PEERS.md): it runs as nobody, which must read the file and write the output.
        Path shared = Files.createDirectory(dir.resolve("vlc"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path input = Files.copy(file, shared.resolve("segment.mp4"));
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rw-r--r--"));
        Path out = Files.createDirectory(shared.resolve("out"));
        if (runningAsRoot()) {
            UserPrincipal nobody = out.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(out, nobody);
        }
        Path y4m = out.resolve("frames.y4m");

        // VLC's own player pipeline (mp4 demux -> avcodec decoder -> video output), with the yuv video output
        // writing each picture it displays to a YUV4MPEG2 file instead of a window.
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of("cvlc", "-I", "dummy", "--no-dbus", "--no-osd", "--no-spu", "--aout", "dummy",
                "--vout", "yuv", "--yuv-yuv4mpeg2", "--yuv-chroma", "I420", "--yuv-file", y4m.toString(),
                "--no-loop", "--play-and-exit", "-v", input.toString()));
        ProcessRunner.Result vlc = ProcessRunner.run(command, PEER_TIMEOUT);
        LOG.info("VLC: {}", vlc.describe());

        assertThat(vlc.succeeded()).as(vlc.describe()).isTrue();
        // libavcodec reports decode problems as "[h264 @ 0x...]", VLC's demuxer and decoder module as "mp4 demux
        // error" and "avcodec decoder error". Not checked: "main decoder error: failed to create video output" and
        // "Failed to create video converter", which VLC 3 logs on every file while it tries VAAPI and VDPAU output
        // formats before software decoding (modules/codec/avcodec/video.c, ffmpeg_GetFormat).
        assertThat(vlc.stderr().lines().filter(line -> line.contains("[h264 @")
                || line.contains("demux error") || line.contains("avcodec decoder error")
                || line.contains("packetizer error"))).as(vlc.describe()).isEmpty();
        List<String> shown = frameMd5s(y4m, List.of());
        List<String> decoded = frameMd5s(input, List.of("-pix_fmt", "yuv420p"));
        assertThat(decoded).hasSize(FRAMES);
        assertThat(shown.size()).as(vlc.describe()).isBetween(FRAMES - VLC_FRAMES_MAY_DROP, FRAMES);
        // Bit-exact and in order: VLC and ffmpeg both decode with libavcodec, so any picture that differs is a
        // different reading of the file. VLC's video output may drop a picture it would show late (seen at the
        // first frame while its clock starts, and at the end of the file), so what it shows must be an in-order
        // subsequence of ffmpeg's decode, not necessarily all of it.
        int next = 0;
        for (int i = 0; i < shown.size(); i++) {
            int at = decoded.subList(next, decoded.size()).indexOf(shown.get(i));
            assertThat(at).as("VLC's picture %d (%s) among ffmpeg's from frame %d on", i, shown.get(i), next)
                    .isNotNegative();
            next += at + 1;
        }
        LOG.info("VLC showed {} of {} frames, each identical to ffmpeg's decode", shown.size(), decoded.size());
    }

    private Path writeSegment() throws IOException {
        Path root = Files.createDirectories(dir.resolve("recordings"));
        SegmentWriter writer = new Fmp4SegmentSink(root, SegmentWriterOptions.defaults(), new SimpleMeterRegistry())
                .create(TestSegments.start(clip.parameters(), 1));
        for (AccessUnit unit : clip.units()) {
            writer.append(unit);
        }
        SegmentSummary summary = writer.finish(EndReason.STOPPED);
        assertThat(summary.frames()).isEqualTo(FRAMES);
        assertThat(summary.fragments()).hasSize(SECONDS);
        return root.resolve(summary.path());
    }

    /** Serves the page and the file, plays it in a fresh Chromium, and returns the page's report. */
    private Map<String, String> playInChromium(String mode, Path file) throws IOException {
        Map<String, LoopbackHttpServer.Resource> resources = Map.of(
                "/" + PAGE, new LoopbackHttpServer.Resource("text/html; charset=utf-8", page()),
                "/segment.mp4", new LoopbackHttpServer.Resource("video/mp4", Files.readAllBytes(file)));
        Path profile = Files.createDirectory(dir.resolve("chromium-profile-" + mode));
        try (LoopbackHttpServer server = LoopbackHttpServer.start(resources);
                ChromeDriver driver = ChromeDriver.start(dir)) {
            String url = server.url("/" + PAGE) + "?mode=" + mode + "&file=segment.mp4&rate=1&codec="
                    + URLEncoder.encode(clip.parameters().rfc6381Codec(), StandardCharsets.UTF_8);
            driver.newSession(profile);
            driver.navigate(url);
            long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
            while (!"done".equals(driver.title()) && System.nanoTime() < deadline) {
                sleep(POLL_MILLIS);
            }
            String title = driver.title();
            String result = driver.execute("return document.getElementById('result').textContent;");
            Map<String, String> report = parse(result);
            assertThat(title).as("page did not finish within %s ms; report so far %s; requests %s",
                    PAGE_TIMEOUT.toMillis(), report, server.requests()).isEqualTo("done");
            report.put("requests", String.join("; ", server.requests()));
            LOG.info("Chromium {} playback report: {}", mode, report);
            return report;
        }
    }

    private static void assertPlayedCompletely(Map<String, String> report) {
        String all = report.toString();
        assertThat(report).as(all).containsEntry("failure", "null").containsEntry("error", "null")
                .containsEntry("videoWidth", Integer.toString(WIDTH))
                .containsEntry("videoHeight", Integer.toString(HEIGHT));
        // Played in real time to the end: currentTime sampled every 500 ms rises, and "ended" came after ~6 s.
        double[] timeline = numbers(report.get("timeline"));
        assertThat(timeline.length).as(all).isGreaterThanOrEqualTo(2 * SECONDS - 3);
        for (int i = 1; i < timeline.length; i++) {
            assertThat(timeline[i]).as(all).isGreaterThan(timeline[i - 1]);
        }
        // Each sampled frame, and the last one, is a picture: not blank, not one colour.
        for (double colours : numbers(report.get("playingFrameColours"))) {
            assertThat(colours).as(all).isGreaterThan(MIN_FRAME_COLOURS);
        }
        assertThat(Integer.parseInt(report.get("lastFrameColours"))).as(all).isGreaterThan(MIN_FRAME_COLOURS);
        assertThat(Long.parseLong(report.get("playMillis"))).as(all).isBetween(SECONDS * 1000L - 500, 20_000L);
        assertThat(Double.parseDouble(report.get("endedCurrentTime"))).as(all).isCloseTo(SECONDS, within(0.05));
        assertThat(Integer.parseInt(report.get("totalVideoFrames"))).as(all).isEqualTo(FRAMES);
    }

    private static double[] numbers(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** One MD5 per decoded frame (ffmpeg's framemd5 muxer), in order. */
    private static List<String> frameMd5s(Path file, List<String> outputOptions) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString()));
        command.addAll(outputOptions);
        command.addAll(List.of("-f", "framemd5", "-"));
        ProcessRunner.Result result = ProcessRunner.run(command, PEER_TIMEOUT);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        assertThat(result.stderr()).as(result.describe()).isEmpty();
        // Lines: "stream, dts, pts, duration, size, md5"; comments start with '#'.
        return result.stdout().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.substring(line.lastIndexOf(',') + 1).strip()).toList();
    }

    private static Map<String, String> parse(String result) {
        Map<String, String> report = new LinkedHashMap<>();
        if (result == null) {
            return report;
        }
        for (String line : result.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                report.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return report;
    }

    private static byte[] page() {
        try (InputStream in = PlaybackIT.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + PAGE + " missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chromium and chromedriver from Debian (PEERS.md "Browser"). */
    private static void requireChromium() {
        Peers.require("Chromium and chromedriver (Debian packages: chromium chromium-driver)",
                Peers.has(ChromeDriver.CHROMIUM) && Peers.has(ChromeDriver.CHROMEDRIVER));
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the page", e);
        }
    }
}
