package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;

/** Writes real H.264 into segment files and checks them with ffmpeg and ffprobe (PEERS.md). */
class Fmp4SegmentWriterTest {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);
    private static TestSegments.Clip clip;

    @TempDir
    Path root;

    @BeforeAll
    static void makeClip() {
        Peers.requireFfmpeg();
        // 10 s at 25 fps, an IDR every 2 s: 250 frames, 5 keyframes.
        clip = TestSegments.clip(640, 360, 10, 50, 1000);
    }

    @Test
    void tenSecondsInOneSecondFragmentsPlayInFfmpegWithExactTimestamps() throws IOException {
        SegmentSummary summary = write(SegmentWriterOptions.defaults(), clip.units(), 7);
        Path file = root.resolve(summary.path());

        assertThat(summary.path()).isEqualTo(Path.of("cam-1/2024/05/01/20240501T123456.123Z-main-7.mp4"));
        assertThat(summary.frames()).isEqualTo(250);
        assertThat(summary.mediaDuration90k()).isEqualTo(250 * 3600);
        assertThat(summary.endUtc()).isEqualTo(TestSegments.START_UTC.plusSeconds(10));
        assertThat(summary.bytes()).isEqualTo(Files.size(file));
        assertThat(summary.endReason()).isEqualTo(EndReason.STOPPED);
        assertThat(summary.fragments()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            FragmentEntry fragment = summary.fragments().get(i);
            assertThat(fragment.frames()).isEqualTo(25);
            assertThat(fragment.startOffset90k()).isEqualTo(i * 90_000L);
            assertThat(fragment.startsWithKeyframe()).isEqualTo(i % 2 == 0);
        }
        assertThat(summary.fragments().get(9).byteOffset() + summary.fragments().get(9).byteLength())
                .isEqualTo(summary.bytes());
        assertThat(summary.sha256()).isEqualTo(sha256sum(file));

        ProcessRunner.Result decode = ProcessRunner.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i",
                file.toString(), "-f", "null", "-"), PEER_TIMEOUT);
        assertThat(decode.succeeded()).as(decode.describe()).isTrue();
        assertThat(decode.stderr()).as(decode.describe()).isEmpty();

        ProcessRunner.Result packets = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-show_entries", "packet=pts_time,dts_time,flags", "-of", "csv", file.toString()), PEER_TIMEOUT);
        assertThat(packets.succeeded()).as(packets.describe()).isTrue();
        assertThat(packets.stderr()).isEmpty();
        List<String> lines = packets.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(250);
        for (int n = 0; n < lines.size(); n++) {
            String expectedTime = "%.6f".formatted(n * 0.04);
            String flags = n % 50 == 0 ? "K_" : "__";
            assertThat(lines.get(n)).isEqualTo("packet," + expectedTime + "," + expectedTime + "," + flags);
        }

        ProcessRunner.Result streams = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,profile,width,height,r_frame_rate,nb_frames:format=duration,format_name",
                "-of", "default=nw=1", file.toString()), PEER_TIMEOUT);
        assertThat(streams.succeeded()).as(streams.describe()).isTrue();
        assertThat(streams.stdout()).contains("codec_name=h264", "profile=High", "width=640", "height=360",
                "r_frame_rate=25/1", "format_name=mov,mp4,m4a,3gp,3g2,mj2", "duration=10.000000");
    }

    @Test
    void fileIsSelfDescribingAndScansComplete() throws IOException {
        SegmentSummary summary = write(SegmentWriterOptions.defaults(), clip.units(), 3);
        ScanResult scan = SegmentFileScanner.scan(root.resolve(summary.path()));

        assertThat(scan.problem()).isNull();
        assertThat(scan.header().start()).isEqualTo(summary.start());
        assertThat(scan.header().start().parameters()).isEqualTo(clip.parameters());
        assertThat(scan.fragments()).isEqualTo(summary.fragments());
        assertThat(scan.frames()).isEqualTo(summary.frames());
        assertThat(scan.mediaDuration90k()).isEqualTo(summary.mediaDuration90k());
        assertThat(scan.validBytes()).isEqualTo(summary.bytes()).isEqualTo(scan.fileBytes());
    }

    @Test
    void mediaDurationCountsTheHeldBackUnitProvisionally() throws IOException {
        SegmentWriter writer = sink(SegmentWriterOptions.defaults()).create(TestSegments.start(clip.parameters(), 0));
        assertThat(writer.mediaDuration90k()).isZero();
        writer.append(clip.units().get(0));
        assertThat(writer.mediaDuration90k()).isEqualTo(Fmp4SegmentWriter.DEFAULT_LAST_SAMPLE_DURATION_90K);
        writer.append(clip.units().get(1));
        writer.append(clip.units().get(2));
        assertThat(writer.mediaDuration90k()).isEqualTo(3 * 3600);
        SegmentSummary summary = writer.finish(EndReason.DURATION);
        assertThat(summary.mediaDuration90k()).isEqualTo(3 * 3600);
        assertThat(summary.frames()).isEqualTo(3);
        assertThat(summary.fragments()).hasSize(1);
    }

    @Test
    void aSingleUnitGetsOneFrameAt25Fps() throws IOException {
        SegmentSummary summary = write(SegmentWriterOptions.defaults(), clip.units().subList(0, 1), 0);
        assertThat(summary.mediaDuration90k()).isEqualTo(3600);
        assertThat(SegmentFileScanner.scan(root.resolve(summary.path())).problem()).isNull();
    }

    @Test
    void nonIncreasingPtsGiveOneTickAndAreCounted() throws IOException {
        List<AccessUnit> units = new ArrayList<>(clip.units().subList(0, 10));
        // Unit 5 repeats unit 4's pts, unit 6 steps back by 100 ticks.
        units.set(5, withPts(units.get(5), units.get(4).pts90k()));
        units.set(6, withPts(units.get(6), units.get(4).pts90k() - 100));
        Fmp4SegmentWriter writer = (Fmp4SegmentWriter) sink(SegmentWriterOptions.defaults())
                .create(TestSegments.start(clip.parameters(), 0));
        for (AccessUnit unit : units) {
            writer.append(unit);
        }
        SegmentSummary summary = writer.finish(EndReason.GAP);
        assertThat(writer.nonIncreasingPts()).isEqualTo(2);
        // Durations: 4 x 3600, unit 4 -> 1, unit 5 -> 1, unit 6 -> 7 x 3600 + 100 - ... (pts 7 minus pts 6), 2 x 3600,
        // last 3600.
        long pts4 = units.get(4).pts90k();
        long expected = 4 * 3600 + 1 + 1 + (units.get(7).pts90k() - (pts4 - 100)) + 2 * 3600 + 3600;
        assertThat(summary.mediaDuration90k()).isEqualTo(expected);
        assertThat(SegmentFileScanner.scan(root.resolve(summary.path())).problem()).isNull();
    }

    @Test
    void byteBoundCutsFragmentsEarly() throws IOException {
        long bound = 64 * 1024;
        SegmentSummary summary = write(new SegmentWriterOptions(Duration.ofSeconds(1), FsyncPolicy.NONE, bound),
                clip.units(), 0);
        assertThat(summary.fragments().size()).isGreaterThan(10);
        for (FragmentEntry fragment : summary.fragments()) {
            // Each fragment holds at most the bound of sample bytes, or one unit larger than the bound.
            assertThat(fragment.byteLength() <= bound + 4096 || fragment.frames() == 1).isTrue();
        }
        assertThat(summary.frames()).isEqualTo(250);
        assertThat(SegmentFileScanner.scan(root.resolve(summary.path())).problem()).isNull();
    }

    @Test
    void firstUnitMustBeAKeyframe() throws IOException {
        SegmentWriter writer = sink(SegmentWriterOptions.defaults()).create(TestSegments.start(clip.parameters(), 0));
        assertThatThrownBy(() -> writer.append(clip.units().get(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyframe");
        writer.abandon();
    }

    @Test
    void neverOverwritesAnExistingFile() throws IOException {
        Fmp4SegmentSink sink = sink(SegmentWriterOptions.defaults());
        SegmentWriter first = sink.create(TestSegments.start(clip.parameters(), 5));
        first.append(clip.units().get(0));
        first.finish(EndReason.STOPPED);
        Path file = root.resolve(SegmentPaths.relativePath(TestSegments.start(clip.parameters(), 5)));
        String before = sha256sum(file);
        assertThatThrownBy(() -> sink.create(TestSegments.start(clip.parameters(), 5)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(sha256sum(file)).isEqualTo(before);
    }

    @Test
    void refusesAMissingStorageRoot() {
        Fmp4SegmentSink sink = new Fmp4SegmentSink(root.resolve("not-mounted"), SegmentWriterOptions.defaults(),
                new SimpleMeterRegistry());
        assertThatThrownBy(() -> sink.create(TestSegments.start(clip.parameters(), 0)))
                .isInstanceOf(IOException.class).hasMessageContaining("not mounted");
    }

    @Test
    void abandonLeavesTheCompleteFragmentsAndIsUnusableAfterwards() throws IOException {
        SegmentWriter writer = sink(SegmentWriterOptions.defaults()).create(TestSegments.start(clip.parameters(), 0));
        for (AccessUnit unit : clip.units().subList(0, 60)) {
            writer.append(unit);
        }
        writer.abandon();
        writer.abandon();
        assertThatThrownBy(() -> writer.append(clip.units().get(60))).isInstanceOf(IllegalStateException.class);
        Path file = root.resolve(SegmentPaths.relativePath(TestSegments.start(clip.parameters(), 0)));
        ScanResult scan = SegmentFileScanner.scan(file);
        assertThat(scan.problem()).isNull();
        assertThat(scan.frames()).isEqualTo(50);  // two whole fragments; the third was still buffered
    }

    @Test
    void emptySegmentIsJustTheHeader() throws IOException {
        SegmentSummary summary = write(SegmentWriterOptions.defaults(), List.of(), 0);
        assertThat(summary.frames()).isZero();
        assertThat(summary.fragments()).isEmpty();
        assertThat(summary.endUtc()).isEqualTo(TestSegments.START_UTC);
        ScanResult scan = SegmentFileScanner.scan(root.resolve(summary.path()));
        assertThat(scan.problem()).isNull();
        assertThat(scan.header()).isNotNull();
    }

    private SegmentSummary write(SegmentWriterOptions options, List<AccessUnit> units, long sequence)
            throws IOException {
        SegmentWriter writer = sink(options).create(TestSegments.start(clip.parameters(), sequence));
        for (AccessUnit unit : units) {
            writer.append(unit);
        }
        return writer.finish(EndReason.STOPPED);
    }

    private Fmp4SegmentSink sink(SegmentWriterOptions options) {
        return new Fmp4SegmentSink(root, options, new SimpleMeterRegistry());
    }

    private static AccessUnit withPts(AccessUnit unit, long pts90k) {
        return new AccessUnit(pts90k, unit.wallClock(), ClockSource.RTCP_SR, unit.keyframe(), unit.nalus());
    }

    static String sha256sum(Path file) {
        ProcessRunner.Result result = ProcessRunner.run(List.of("sha256sum", file.toString()), PEER_TIMEOUT);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.stdout().substring(0, 64);
    }
}
