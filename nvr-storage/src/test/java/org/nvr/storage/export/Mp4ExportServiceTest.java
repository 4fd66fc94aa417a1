package org.nvr.storage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.export.ExportManifest;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Time90k;
import org.nvr.storage.playback.FragmentRun;
import org.nvr.storage.playback.MoofReader;
import org.nvr.storage.playback.RecordedStream;

/**
 * Exports of real recordings ({@link RecordedStream}: three 4 s segments at 25 fps, an IDR every second, 1 s
 * fragments, a 3 s NETWORK gap before the third), written with {@link ExportWriter} and read back byte by byte,
 * then by ffmpeg and ffprobe.
 */
class Mp4ExportServiceTest {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static RecordedStream recorded;
    private static Mp4ExportService service;

    @BeforeAll
    static void record() throws IOException {
        Peers.requireFfmpeg();
        recorded = RecordedStream.record(dir, 25, 100);
        service = new Mp4ExportService(recorded.index(), recorded.root(), NvrClock.SYSTEM);
    }

    @AfterAll
    static void close() {
        if (recorded != null) {
            recorded.close();
        }
    }

    /** From frame 137 + 10 ms (segment 2) to 2.01 s into segment 3: starts at frame 125, the keyframe before. */
    private static ExportRequest acrossTheGap() {
        Instant start = RecordedStream.T0.plus(RecordedStream.FRAME.multipliedBy(137)).plusMillis(10);
        Instant end = recorded.summary(2).start().startUtc().plusMillis(2010);
        return new ExportRequest(RecordedStream.STREAM, start, end);
    }

    @Test
    void exportAcrossASegmentBoundaryAndAGapHoldsEveryFrameFromTheKeyframeBeforeTheStart(@TempDir Path out)
            throws IOException {
        ExportRequest request = acrossTheGap();
        ExportPlan plan = service.plan(request);
        Path file = out.resolve("export.mp4");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThat(ExportWriter.write(plan, channel)).isEqualTo(plan.contentLength());
        }

        assertThat(Files.size(file)).isEqualTo(plan.contentLength());
        // Frames 125..199 of segment 2, then frames 0..50 of segment 3 (wall time < start + 2.01 s).
        List<AccessUnit> expected = new ArrayList<>(recorded.units(1).subList(25, 100));
        expected.addAll(recorded.units(2).subList(0, 51));
        Parsed parsed = Parsed.of(file);
        assertThat(parsed.samples()).hasSize(expected.size());
        long firstTick = Time90k.toTicks(expected.get(0).wallClock());
        for (int i = 0; i < expected.size(); i++) {
            AccessUnit unit = expected.get(i);
            assertThat(parsed.samples().get(i)).as("sample %d", i).isEqualTo(avcc(unit));
            assertThat(parsed.times90k().get(i)).as("time of sample %d", i)
                    .isEqualTo(Time90k.toTicks(unit.wallClock()) - firstTick);
            assertThat(parsed.keyframes().get(i)).as("sync flag of sample %d", i).isEqualTo(unit.keyframe());
        }
        assertThat(parsed.keyframes().get(0)).isTrue();
        // The gap keeps its length on the export's timeline; mehd gives the whole duration up front.
        assertThat(parsed.times90k().get(75) - parsed.times90k().get(74))
                .isEqualTo(RecordedStream.FRAME_90K + RecordedStream.GAP.toMillis() * 90);
        assertThat(parsed.mehdDuration90k()).isEqualTo(parsed.times90k().get(125) + RecordedStream.FRAME_90K);
        assertThat(parsed.sampleEntries()).isEqualTo(1);

        ExportManifest manifest = plan.manifest();
        assertThat(manifest.frames()).isEqualTo(expected.size());
        assertThat(manifest.contentLength()).isEqualTo(plan.contentLength());
        assertThat(manifest.start()).isEqualTo(expected.get(0).wallClock().toString());
        assertThat(manifest.end()).isEqualTo(expected.get(125).wallClock().plus(RecordedStream.FRAME).toString());
        assertThat(manifest.requestedStart()).isEqualTo(request.start().toString());
        assertThat(manifest.fileName()).isEqualTo("cam-1-main-20240501T120005Z-20240501T120013Z.mp4");
        assertThat(manifest.segments()).extracting(ExportManifest.SourceSegment::sequence).containsExactly(1L, 2L);
        assertThat(manifest.segments()).extracting(ExportManifest.SourceSegment::framesUsed)
                .containsExactly(75L, 51L);
        assertThat(manifest.segments().get(0).sha256()).isEqualTo(sha256(recorded.file(1)));
        assertThat(manifest.segments().get(1).sha256()).isEqualTo(sha256(recorded.file(2)));
        assertThat(manifest.segments()).extracting(ExportManifest.SourceSegment::clockSource)
                .containsExactly("RTCP_SR", "RECEIVE_CLOCK");
        assertThat(manifest.gaps()).containsExactly(new ExportManifest.GapEntry(recorded.gap().start().toString(),
                recorded.gap().end().toString(), "NETWORK", RecordedStream.GAP_DETAIL));
        assertThat(manifest.timeSource()).isEqualTo("wall clock from the cameras' RTCP sender reports (RTCP_SR) for"
                + " 1 segment; NVR receive clock (RECEIVE_CLOCK) for 1 segment");
        // Only box headers are generated: every media byte is a range of a segment file.
        long generated = plan.parts().stream().filter(ExportPart.Bytes.class::isInstance)
                .mapToLong(ExportPart::length).sum();
        long media = expected.stream().mapToLong(AccessUnit::avccBytes).sum();
        assertThat(generated + media).isEqualTo(plan.contentLength());

        assertFfmpegDecodes(file, expected.size());
    }

    @Test
    void rangeWritesAreSlicesOfTheWholeBody() throws IOException {
        ExportPlan plan = service.plan(acrossTheGap());
        byte[] whole = written(plan, 0, plan.contentLength() - 1);
        assertThat((long) whole.length).isEqualTo(plan.contentLength());
        long headerEnd = plan.parts().get(0).length();
        long[][] ranges = {
            {0, 0},                                             // first byte
            {0, headerEnd - 1},                                 // exactly the generated ftyp+moov
            {headerEnd - 3, headerEnd + 5000},                  // across moov, a moof and into samples
            {plan.contentLength() / 2, plan.contentLength() / 2 + 123_456},
            {plan.contentLength() - 10, plan.contentLength() - 1},  // the last bytes
        };
        for (long[] range : ranges) {
            long last = Math.min(range[1], plan.contentLength() - 1);
            assertThat(written(plan, range[0], last)).as("bytes %d-%d", range[0], last)
                    .isEqualTo(Arrays.copyOfRange(whole, (int) range[0], (int) last + 1));
        }
        assertThatThrownBy(() -> written(plan, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> written(plan, 0, plan.contentLength()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void planningTwiceGivesTheSameBytes() throws IOException {
        ExportPlan a = service.plan(acrossTheGap());
        ExportPlan b = service.plan(acrossTheGap());
        assertThat(written(a, 0, a.contentLength() - 1)).isEqualTo(written(b, 0, b.contentLength() - 1));
    }

    @Test
    void exportFromBeforeTheRecordingStartsAtItsFirstKeyframeAndPlays(@TempDir Path out) throws IOException {
        ExportRequest request = new ExportRequest(RecordedStream.STREAM, RecordedStream.T0.minusSeconds(30),
                RecordedStream.T0.plusSeconds(60));
        ExportPlan plan = service.plan(request);
        Path file = out.resolve("all.mp4");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ExportWriter.write(plan, channel);
        }

        assertThat(plan.manifest().frames()).isEqualTo(300);
        assertThat(plan.manifest().start()).isEqualTo(RecordedStream.T0.toString());
        assertThat(Parsed.of(file).samples()).hasSize(300);
        assertThat(plan.manifest().segments()).hasSize(3);
        for (int s = 0; s < 3; s++) {
            assertThat(plan.manifest().segments().get(s).sha256()).isEqualTo(sha256(recorded.file(s)));
            assertThat(plan.manifest().segments().get(s).framesUsed()).isEqualTo(100);
        }
        assertFfmpegDecodes(file, 300);
    }

    @Test
    void aHoleWithoutAGapRowIsListedAsUnknown(@TempDir Path other) throws IOException {
        try (RecordedStream noRow = RecordedStream.record(other, 25, 100, false)) {
            ExportPlan plan = new Mp4ExportService(noRow.index(), noRow.root(), NvrClock.SYSTEM).plan(
                    new ExportRequest(RecordedStream.STREAM, RecordedStream.T0, RecordedStream.T0.plusSeconds(20)));

            assertThat(plan.manifest().gaps()).containsExactly(new ExportManifest.GapEntry(
                    noRow.summary(1).endUtc().toString(), noRow.summary(2).start().startUtc().toString(),
                    "UNKNOWN", "no recording and no gap row"));
        }
    }

    @Test
    void nothingRecordedInTheRangeIsNotFound() {
        Instant inGap = recorded.summary(1).endUtc().plusMillis(500);
        assertThatThrownBy(() -> service.plan(new ExportRequest(RecordedStream.STREAM, inGap,
                inGap.plusSeconds(2))))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                        .isEqualTo(NvrException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.plan(new ExportRequest(RecordedStream.STREAM,
                RecordedStream.T0.minus(Duration.ofDays(2)), RecordedStream.T0.minus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                        .isEqualTo(NvrException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.plan(new ExportRequest(new org.nvr.core.record.StreamKey("cam-9", "main"),
                RecordedStream.T0, RecordedStream.T0.plusSeconds(5))))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                        .isEqualTo(NvrException.Kind.NOT_FOUND));
    }

    @Test
    void endBeforeStartAndSpansOverADayAreRefused() {
        assertThatThrownBy(() -> new ExportRequest(RecordedStream.STREAM, RecordedStream.T0,
                RecordedStream.T0.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportRequest(RecordedStream.STREAM, RecordedStream.T0,
                RecordedStream.T0.plus(Duration.ofHours(24)).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void planLargerThanThePartBoundIsRefused() {
        Mp4ExportService small = new Mp4ExportService(recorded.index(), recorded.root(), NvrClock.SYSTEM, 5,
                1 << 20);
        assertThatThrownBy(() -> small.plan(acrossTheGap()))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                        .isEqualTo(NvrException.Kind.INVALID_ARGUMENT))
                .hasMessageContaining("more than 5 parts");
    }

    @Test
    void corruptSourceFragmentFailsNamingTheFile(@TempDir Path other) throws IOException {
        try (RecordedStream copy = RecordedStream.record(other, 25, 100)) {
            // Segment 2's third fragment: its mdat type overwritten ('mdat' -> 'free'), found after its moof.
            FragmentEntry third = copy.summary(1).fragments().get(2);
            long moofSize;
            try (FileChannel channel = FileChannel.open(copy.file(1), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                ByteBuffer size = ByteBuffer.allocate(4);
                channel.read(size, third.byteOffset());
                moofSize = size.getInt(0);
                channel.write(ByteBuffer.wrap("free".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                        third.byteOffset() + moofSize + 4);
            }
            Mp4ExportService copyService = new Mp4ExportService(copy.index(), copy.root(), NvrClock.SYSTEM);

            assertThatThrownBy(() -> copyService.plan(new ExportRequest(RecordedStream.STREAM, RecordedStream.T0,
                    RecordedStream.T0.plusSeconds(20))))
                    .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                            .isEqualTo(NvrException.Kind.DATA_LOSS))
                    .hasMessageContaining(copy.file(1).toString())
                    .hasMessageContaining("fragment at byte " + third.byteOffset())
                    .hasMessageContaining("'free', not 'mdat'");
        }
    }

    private static void assertFfmpegDecodes(Path file, int frames) {
        ProcessRunner.Result decode = ProcessRunner.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i",
                file.toString(), "-f", "null", "-"), PEER_TIMEOUT);
        assertThat(decode.exitCode()).as(decode.describe()).isZero();
        assertThat(decode.stderr()).as(decode.describe()).isEmpty();
        assertThat(decode.stdout()).as(decode.describe()).isEmpty();
        ProcessRunner.Result probe = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
                file.toString()), PEER_TIMEOUT);
        assertThat(probe.succeeded()).as(probe.describe()).isTrue();
        assertThat(probe.stdout().strip()).as(probe.describe()).isEqualTo(Integer.toString(frames));
    }

    private static byte[] written(ExportPlan plan, long first, long last) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long n = ExportWriter.writeRange(plan, first, last, Channels.newChannel(bytes));
        assertThat(n).isEqualTo(last - first + 1);
        return bytes.toByteArray();
    }

    /** A unit in AVC sample format (ISO/IEC 14496-15 §5.3.2): each NAL unit after its 4-byte length. */
    private static byte[] avcc(AccessUnit unit) {
        ByteBuffer out = ByteBuffer.allocate(unit.avccBytes());
        for (byte[] nalu : unit.nalus()) {
            out.putInt(nalu.length).put(nalu);
        }
        return out.array();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    /** An export read back: its samples' bytes, times on the export timeline and sync flags; mehd and stsd. */
    private record Parsed(List<byte[]> samples, List<Long> times90k, List<Boolean> keyframes, long mehdDuration90k,
                          long sampleEntries) {
        static Parsed of(Path file) throws IOException {
            List<byte[]> samples = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            List<Boolean> keyframes = new ArrayList<>();
            byte[] all = Files.readAllBytes(file);
            ByteBuffer buffer = ByteBuffer.wrap(all);
            // ftyp, then moov: both 32-bit sizes.
            int ftypSize = buffer.getInt(0);
            assertThat(new String(all, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
            int moovAt = ftypSize;
            int moovSize = buffer.getInt(moovAt);
            assertThat(new String(all, moovAt + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("moov");
            String moov = new String(all, moovAt, moovSize, java.nio.charset.StandardCharsets.ISO_8859_1);
            // mehd (full box version 1): size, type, version/flags, 64-bit fragment_duration.
            int mehd = moovAt + moov.indexOf("mehd") - 4;
            assertThat(all[mehd + 8]).isEqualTo((byte) 1);
            long mehdDuration = buffer.getLong(mehd + 12);
            // stsd: size, type, version/flags, entry_count.
            int stsd = moovAt + moov.indexOf("stsd") - 4;
            long entries = buffer.getInt(stsd + 12);
            long sequence = 0;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long offset = moovAt + moovSize;
                while (offset < channel.size()) {
                    FragmentRun run = MoofReader.read(channel, channel.size(), offset, file.toString());
                    assertThat(run.sequenceNumber()).isEqualTo(++sequence);
                    for (int i = 0; i < run.sampleCount(); i++) {
                        samples.add(Arrays.copyOfRange(all, (int) run.sampleOffset(i), (int) run.sampleOffset(i + 1)));
                        times.add(run.mediaTime90k(i));
                        keyframes.add(run.keyframe(i));
                    }
                    // Each mdat holds exactly its samples.
                    assertThat(run.sampleOffset(run.sampleCount())).isEqualTo(run.nextOffset());
                    offset = run.nextOffset();
                }
            }
            return new Parsed(samples, times, keyframes, mehdDuration, entries);
        }
    }
}
