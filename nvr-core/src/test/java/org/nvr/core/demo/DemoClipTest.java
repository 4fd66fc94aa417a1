package org.nvr.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.MalformedInputException;

class DemoClipTest {

    // Hand-made NAL units (not from a camera); only their headers and first slice bits matter here.
    /** SPS: header 0x67 (NRI=3, type 7), profile_idc 66, constraint flags 0xc0, level_idc 30, then id/flags. */
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1e, (byte) 0xda};
    /** PPS: header 0x68 (NRI=3, type 8), then pic/seq parameter set ids and flags. */
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x38, (byte) 0x80};
    /** IDR slice: header 0x65 (type 5), first_mb_in_slice ue(v)=0 is the top bit 1 of 0x88. */
    private static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x21};
    /** Non-IDR slice: header 0x41 (NRI=2, type 1), first_mb_in_slice = 0 (0x9a top bit 1). */
    private static final byte[] P_FIRST = {0x41, (byte) 0x9a, 0x22, 0x11};
    /** Second slice of the same picture: first_mb_in_slice ue(v) = 0b010 = 1 (0x4e top bit 0). */
    private static final byte[] P_SECOND = {0x41, 0x4e, 0x22, 0x11};
    /** SEI: header 0x06 (type 6). */
    private static final byte[] SEI = {0x06, 0x05, 0x01, (byte) 0x80};

    private static DemoClip generated;

    @BeforeAll
    static void generateOnce() {
        long start = System.nanoTime();
        generated = DemoClip.generateDefault();
        long millis = (System.nanoTime() - start) / 1_000_000;
        org.slf4j.LoggerFactory.getLogger(DemoClipTest.class).info("generated {} in {} ms", generated, millis);
    }

    @Test
    void generatedClipHasKeyframeEveryGopWithParameterSetsInBand() {
        assertThat(generated.frameCount()).isEqualTo(50);
        assertThat(generated.fps()).isEqualTo(25);
        for (int i = 0; i < generated.frameCount(); i++) {
            DemoClip.Frame frame = generated.frames().get(i);
            assertThat(frame.keyframe()).as("frame %d", i).isEqualTo(i % 25 == 0);
            List<Integer> types = frame.nalus().stream().map(n -> n[0] & 0x1f).toList();
            assertThat(types).as("frame %d", i).isEqualTo(i % 25 == 0 ? List.of(7, 8, 5) : List.of(1));
        }
        assertThat(generated.sps()[0] & 0x1f).isEqualTo(7);
        assertThat(generated.pps()[0] & 0x1f).isEqualTo(8);
        // JCodec writes Baseline (66 = 0x42), no constraint flags, level 4.0 (40 = 0x28).
        assertThat(generated.profileLevelId()).isEqualTo("420028");
        assertThat(generated.frame(50)).isSameAs(generated.frames().get(0));
        assertThat(generated.frame(-1)).isSameAs(generated.frames().get(49));
        assertThat(generated.bitsPerSecond()).isBetween(100_000L, 8_000_000L);
    }

    @Test
    void generatedClipDecodesAs640x360H264(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.264");
        Files.write(file, annexB(generated.frames()));
        Tools.assumeOrRequireInCi("ffprobe");

        String probe = Tools.run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", file.toString()));
        String decodeErrors = Tools.run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"));

        assertThat(probe.trim()).isEqualTo("h264,640,360");
        assertThat(decodeErrors).isEmpty();
    }

    @Test
    void readsFfmpegElementaryStreamAndRoundTrips(@TempDir Path dir) throws Exception {
        Tools.assumeOrRequireInCi("ffmpeg");
        Path file = dir.resolve("testsrc.264");
        Tools.run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2",
                "-c:v", "libx264", "-g", "25", "-bf", "0", "-f", "h264", file.toString()));

        DemoClip clip = DemoClip.fromAnnexB(file, 25);

        assertThat(clip.frameCount()).isEqualTo(50);
        assertThat(clip.frames().get(0).keyframe()).isTrue();
        assertThat(clip.frames().get(25).keyframe()).isTrue();
        assertThat(clip.frames().stream().filter(DemoClip.Frame::keyframe).count()).isEqualTo(2);
        // libx264 writes SPS/PPS once; the clip repeats them before the second IDR as cameras do.
        List<Integer> types = clip.frames().get(25).nalus().stream().map(n -> n[0] & 0x1f).toList();
        assertThat(types).containsSubsequence(7, 8, 5);
        assertThat(clip.profileLevelId()).startsWith("64"); // libx264 default: High profile
    }

    @Test
    void splitsThreeAndFourByteStartCodesAndGroupsAccessUnits(@TempDir Path dir) throws IOException {
        byte[] stream = concat(
                new byte[] {0, 0, 0, 1}, SPS,
                new byte[] {0, 0, 1}, PPS,
                new byte[] {0, 0, 0, 1}, IDR,
                new byte[] {0, 0, 0, 1}, P_FIRST,
                new byte[] {0, 0, 1}, P_SECOND,
                new byte[] {0, 0, 0, 1}, SEI,
                new byte[] {0, 0, 1}, P_FIRST,
                new byte[] {0, 0}); // trailing_zero_8bits (H.264 B.2)
        Path file = dir.resolve("small.264");
        Files.write(file, stream);

        DemoClip clip = DemoClip.fromAnnexB(file, 30);

        assertThat(clip.frameCount()).isEqualTo(3);
        assertThat(clip.frames().get(0).nalus()).containsExactly(SPS, PPS, IDR);
        assertThat(clip.frames().get(0).keyframe()).isTrue();
        assertThat(clip.frames().get(1).nalus()).containsExactly(P_FIRST, P_SECOND);
        assertThat(clip.frames().get(2).nalus()).containsExactly(SEI, P_FIRST);
        assertThat(clip.frames().get(2).keyframe()).isFalse();
        assertThat(clip.sps()).isEqualTo(SPS);
        assertThat(clip.pps()).isEqualTo(PPS);
        assertThat(clip.profileLevelId()).isEqualTo("42C01E");
        assertThat(clip.maxFrameBytes()).isEqualTo(SPS.length + PPS.length + IDR.length);
    }

    @Test
    void dropsParameterSetsAfterTheLastPicture(@TempDir Path dir) throws IOException {
        // AnnexBReader returns the trailing SPS as an access unit of its own; it holds no picture to send.
        Path file = dir.resolve("tail.264");
        Files.write(file, concat(new byte[] {0, 0, 0, 1}, SPS, new byte[] {0, 0, 0, 1}, PPS,
                new byte[] {0, 0, 0, 1}, IDR, new byte[] {0, 0, 0, 1}, SPS));

        DemoClip clip = DemoClip.fromAnnexB(file, 25);

        assertThat(clip.frameCount()).isEqualTo(1);
        assertThat(clip.frames().get(0).nalus()).containsExactly(SPS, PPS, IDR);
    }

    @Test
    void keyframeWithoutParameterSetsGetsThemPrepended() {
        DemoClip clip = DemoClip.of(List.of(new DemoClip.Frame(true, List.of(SPS, PPS, IDR)),
                new DemoClip.Frame(false, List.of(P_FIRST)), new DemoClip.Frame(true, List.of(IDR))), 25);

        assertThat(clip.frames().get(2).nalus()).containsExactly(SPS, PPS, IDR);
        assertThat(clip.frames().get(1).nalus()).containsExactly(P_FIRST);
    }

    @Test
    void rejectsStreamNotStartingWithSpsPpsIdr(@TempDir Path dir) throws IOException {
        Path noSps = dir.resolve("nosps.264");
        Files.write(noSps, concat(new byte[] {0, 0, 0, 1}, PPS, new byte[] {0, 0, 0, 1}, IDR));
        Path startsWithP = dir.resolve("p.264");
        Files.write(startsWithP, concat(new byte[] {0, 0, 0, 1}, P_FIRST, new byte[] {0, 0, 0, 1}, SPS,
                new byte[] {0, 0, 0, 1}, PPS, new byte[] {0, 0, 0, 1}, IDR));

        assertThatThrownBy(() -> DemoClip.fromAnnexB(noSps, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("SPS, PPS and an IDR");
        assertThatThrownBy(() -> DemoClip.fromAnnexB(startsWithP, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("SPS, PPS and an IDR");
    }

    @Test
    void rejectsBadByteStreams(@TempDir Path dir) throws IOException {
        Path noStartCode = dir.resolve("none.264");
        Files.write(noStartCode, new byte[] {0x67, 0x42, 0x00, 0x1e});
        Path junkFirst = dir.resolve("junk.264");
        Files.write(junkFirst, concat(new byte[] {0x12, 0, 0, 1}, SPS));
        Path forbiddenBit = dir.resolve("forbidden.264");
        Files.write(forbiddenBit, concat(new byte[] {0, 0, 1}, new byte[] {(byte) 0xe7, 0x42}));
        Path emptyNal = dir.resolve("empty.264");
        Files.write(emptyNal, concat(new byte[] {0, 0, 1}, SPS, new byte[] {0, 0, 1, 0, 0, 1}, PPS));
        Path onlySps = dir.resolve("sps.264");
        Files.write(onlySps, concat(new byte[] {0, 0, 1}, SPS));
        Path empty = dir.resolve("zero.264");
        Files.write(empty, new byte[0]);

        assertThatThrownBy(() -> DemoClip.fromAnnexB(noStartCode, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("no Annex B start code");
        assertThatThrownBy(() -> DemoClip.fromAnnexB(junkFirst, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("before the first start code");
        assertThatThrownBy(() -> DemoClip.fromAnnexB(forbiddenBit, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("forbidden_zero_bit").hasMessageContaining("byte 3");
        assertThatThrownBy(() -> DemoClip.fromAnnexB(emptyNal, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("empty NAL unit");
        assertThatThrownBy(() -> DemoClip.fromAnnexB(onlySps, 25)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("no coded picture");
        assertThatThrownBy(() -> DemoClip.fromAnnexB(empty, 25)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void rejectsFileOverTheSizeBound(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.264");
        Files.write(file, concat(new byte[] {0, 0, 0, 1}, SPS, new byte[] {0, 0, 0, 1}, PPS,
                new byte[] {0, 0, 0, 1}, IDR));

        assertThatThrownBy(() -> DemoClip.fromAnnexB(file, 25, 10)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("more than the 10 allowed");
        assertThat(DemoClip.fromAnnexB(file, 25, 64).frameCount()).isEqualTo(1);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> DemoClip.generate(641, 360, 25, 50, 25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoClip.generate(640, 360, 0, 50, 25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoClip.generate(640, 360, 25, 10, 25)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoClip.of(List.of(), 25)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> new DemoClip.Frame(false, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoClip.Frame(false, List.of(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cacheEncodesEachClipOnceAndStaysBounded() {
        DemoClipCache cache = new DemoClipCache(1);

        DemoClip a = cache.get(64, 48, 10, 2, 1);
        DemoClip again = cache.get(64, 48, 10, 2, 1);
        DemoClip b = cache.get(64, 64, 10, 2, 1);

        assertThat(again).isSameAs(a);
        assertThat(b).isNotSameAs(a);
        assertThat(cache.get(64, 48, 10, 2, 1)).isNotSameAs(a); // evicted by b, encoded again
        assertThat(a.frames()).allMatch(DemoClip.Frame::keyframe);
    }

    static byte[] annexB(List<DemoClip.Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DemoClip.Frame frame : frames) {
            for (byte[] nalu : frame.nalus()) {
                out.writeBytes(new byte[] {0, 0, 0, 1});
                out.writeBytes(nalu);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
