package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.NvrException;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.SegmentWriter;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;

/** Crash recovery and verification: truncated, corrupted and foreign files. */
class SegmentFileScannerTest {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);
    private static TestSegments.Clip clip;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeClip() {
        Peers.requireFfmpeg();
        clip = TestSegments.clip(640, 360, 10, 50, 1000);
    }

    @Test
    void truncationAtAnyByteKeepsExactlyTheCompleteFragments() throws IOException {
        Path root = dir.resolve("original");
        Files.createDirectory(root);
        SegmentSummary whole = write(root, clip.units(), 1);
        byte[] bytes = Files.readAllBytes(root.resolve(whole.path()));
        long headerEnd = whole.fragments().get(0).byteOffset();

        TreeSet<Long> cuts = new TreeSet<>(List.of(0L, 1L, 7L, 8L, 20L, 40L, 200L, headerEnd - 1, headerEnd,
                headerEnd + 3, headerEnd + 8));
        for (FragmentEntry f : whole.fragments()) {
            long end = f.byteOffset() + f.byteLength();
            cuts.addAll(List.of(f.byteOffset() + 4, f.byteOffset() + 50, f.byteOffset() + 200, end - f.byteLength() / 2,
                    end - 5, end - 1, end));
        }
        for (long cut = 0; cut < bytes.length; cut += 4999) {
            cuts.add(cut);
        }
        int index = 0;
        for (long cut : cuts) {
            Path copyRoot = dir.resolve("cut" + index++);
            Path file = copyRoot.resolve(whole.path());
            Files.createDirectories(file.getParent());
            Files.write(file, Arrays.copyOf(bytes, (int) cut));

            ScanResult scan = SegmentFileScanner.scan(file);

            List<FragmentEntry> complete = whole.fragments().stream()
                    .filter(f -> f.byteOffset() + f.byteLength() <= cut).toList();
            long expectedValid = complete.isEmpty() ? (cut >= headerEnd ? headerEnd : 0)
                    : complete.get(complete.size() - 1).byteOffset() + complete.get(complete.size() - 1).byteLength();
            boolean atBoundary = cut == expectedValid && cut >= headerEnd;
            assertThat(scan.fragments()).as("cut at %d", cut).isEqualTo(complete);
            assertThat(scan.validBytes()).as("cut at %d", cut).isEqualTo(expectedValid);
            assertThat(scan.fileBytes()).isEqualTo(cut);
            assertThat(scan.frames()).isEqualTo(complete.stream().mapToLong(FragmentEntry::frames).sum());
            assertThat(scan.mediaDuration90k()).isEqualTo(scan.frames() * 3600);
            assertThat(scan.header() != null).as("cut at %d", cut).isEqualTo(cut >= headerEnd);
            if (atBoundary) {
                assertThat(scan.problem()).as("cut at %d", cut).isNull();
            } else {
                assertThat(scan.problem()).as("cut at %d", cut).isNotNull();
            }
            if (cut > 0 && cut < headerEnd) {
                assertThat(scan.problem()).isEqualTo("truncated in header at byte " + cut);
            } else if (cut > headerEnd && !atBoundary) {
                assertThat(scan.problem()).isEqualTo("truncated in fragment " + (complete.size() + 1)
                        + " at byte " + cut);
            }
        }
    }

    @Test
    void recoverTruncatesToTheLastCompleteFragmentAndTheResultDecodes() throws IOException {
        Path root = dir.resolve("original");
        Files.createDirectory(root);
        SegmentSummary whole = write(root, clip.units(), 2);
        byte[] bytes = Files.readAllBytes(root.resolve(whole.path()));
        FragmentEntry third = whole.fragments().get(2);
        FragmentEntry seventh = whole.fragments().get(6);
        // Inside the third moof, inside the seventh mdat, one byte short of the end, and the whole file.
        long[] cuts = {third.byteOffset() + 30, seventh.byteOffset() + seventh.byteLength() / 2, bytes.length - 1,
            bytes.length};
        int[] keptFragments = {2, 6, 9, 10};
        for (int i = 0; i < cuts.length; i++) {
            Path copyRoot = dir.resolve("crash" + i);
            Path file = copyRoot.resolve(whole.path());
            Files.createDirectories(file.getParent());
            Files.write(file, Arrays.copyOf(bytes, (int) cuts[i]));

            SegmentSummary recovered = SegmentFileScanner.recover(copyRoot, whole.path());

            List<FragmentEntry> kept = whole.fragments().subList(0, keptFragments[i]);
            FragmentEntry last = kept.get(kept.size() - 1);
            long keptBytes = last.byteOffset() + last.byteLength();
            assertThat(recovered.endReason()).isEqualTo(EndReason.RECOVERED);
            assertThat(recovered.start()).isEqualTo(whole.start());
            assertThat(recovered.path()).isEqualTo(whole.path());
            assertThat(recovered.fragments()).isEqualTo(kept);
            assertThat(recovered.bytes()).isEqualTo(keptBytes).isEqualTo(Files.size(file));
            assertThat(recovered.frames()).isEqualTo(25L * keptFragments[i]);
            assertThat(recovered.mediaDuration90k()).isEqualTo(90_000L * keptFragments[i]);
            assertThat(recovered.endUtc()).isEqualTo(TestSegments.START_UTC.plusSeconds(keptFragments[i]));
            assertThat(recovered.sha256()).isEqualTo(Fmp4SegmentWriterTest.sha256sum(file))
                    .isEqualTo(SegmentFileScanner.sha256(file));
            assertThat(SegmentFileScanner.scan(file).problem()).isNull();
            if (cuts[i] == bytes.length) {
                assertThat(recovered.sha256()).isEqualTo(whole.sha256());
            }

            ProcessRunner.Result decode = ProcessRunner.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-i",
                    file.toString(), "-f", "null", "-"), PEER_TIMEOUT);
            assertThat(decode.succeeded()).as(decode.describe()).isTrue();
            assertThat(decode.stderr()).as(decode.describe()).isEmpty();
            ProcessRunner.Result count = ProcessRunner.run(List.of("ffprobe", "-v", "error", "-count_packets",
                    "-select_streams", "v", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0",
                    file.toString()), PEER_TIMEOUT);
            assertThat(count.stdout().strip()).isEqualTo(Long.toString(recovered.frames()));
        }
    }

    @Test
    void recoverRefusesAFileWithoutACompleteFragmentAndLeavesItAlone() throws IOException {
        Path root = dir.resolve("r");
        Files.createDirectory(root);
        SegmentSummary whole = write(root, clip.units().subList(0, 30), 0);
        Path file = root.resolve(whole.path());
        byte[] bytes = Files.readAllBytes(file);
        long cut = whole.fragments().get(0).byteOffset() + 100;
        Files.write(file, Arrays.copyOf(bytes, (int) cut));

        assertThatThrownBy(() -> SegmentFileScanner.recover(root, whole.path()))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("no complete fragment")
                .hasMessageContaining("truncated in fragment 1")
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(NvrException.Kind.DATA_LOSS));
        assertThat(Files.size(file)).isEqualTo(cut);
    }

    @Test
    void recoverRefusesARenamedFileAndANonSegmentPath() throws IOException {
        Path root = dir.resolve("r");
        Files.createDirectory(root);
        SegmentSummary whole = write(root, clip.units().subList(0, 30), 4);
        Path renamed = Path.of(whole.path().toString().replace("-main-4.mp4", "-main-5.mp4"));
        Files.copy(root.resolve(whole.path()), root.resolve(renamed));

        assertThatThrownBy(() -> SegmentFileScanner.recover(root, renamed)).isInstanceOf(NvrException.class)
                .hasMessageContaining("the name says");
        assertThatThrownBy(() -> SegmentFileScanner.recover(root, Path.of("../etc/passwd")))
                .isInstanceOf(NvrException.class).hasMessageContaining("not a segment path");
    }

    @Test
    void garbageGivesAProblemNeverAnException() throws IOException {
        Random random = new Random(20240501);
        Path file = dir.resolve("garbage.mp4");
        Files.write(file, new byte[0]);
        assertThat(SegmentFileScanner.scan(file).problem()).isEqualTo("empty file");
        for (int size : new int[] {1, 7, 8, 9, 100, 4096, 1 << 20}) {
            byte[] junk = new byte[size];
            random.nextBytes(junk);
            Files.write(file, junk);
            ScanResult scan = SegmentFileScanner.scan(file);
            assertThat(scan.problem()).as("%d random bytes", size).isNotNull();
            assertThat(scan.validBytes()).isZero();
            assertThat(scan.header()).isNull();
        }
        // A box claiming 4 GiB - 16 bytes, a 64-bit size of 2^62, size 0 (to end of file), size 3.
        Files.write(file, box("ftyp", 0xffff_fff0L, "iso6"));
        assertThat(SegmentFileScanner.scan(file).problem()).contains("bad box size");
        byte[] large = ByteBuffer.allocate(24).putInt(1).put(ascii("ftyp")).putLong(1L << 62).put(ascii("iso6"))
                .putInt(0).array();
        Files.write(file, large);
        assertThat(SegmentFileScanner.scan(file).problem()).contains("bad box size");
        Files.write(file, box("ftyp", 0, "iso6"));
        assertThat(SegmentFileScanner.scan(file).problem()).contains("size 0");
        Files.write(file, box("ftyp", 3, "iso6"));
        assertThat(SegmentFileScanner.scan(file).problem()).contains("bad box size 3");
    }

    @Test
    void emptyTfdtIsAProblemNotAnIndexError() throws IOException {
        // Found while fuzzing (SegmentFileScannerFuzzTest): the version byte of an empty tfdt lies past the moof.
        Path root = dir.resolve("tfdt");
        Files.createDirectory(root);
        SegmentSummary whole = write(root, clip.units().subList(0, 25), 1);
        byte[] bytes = Files.readAllBytes(root.resolve(whole.path()));
        int headerEnd = (int) whole.fragments().get(0).byteOffset();
        byte[] fragment = ByteBuffer.allocate(56 + 8)
                .putInt(56).put(ascii("moof"))
                .putInt(16).put(ascii("mfhd")).putInt(0).putInt(1)              // sequence 1
                .putInt(32).put(ascii("traf"))
                .putInt(16).put(ascii("tfhd")).putInt(0x020000).putInt(1)      // default-base-is-moof, track 1
                .putInt(8).put(ascii("tfdt"))                                  // no version, no time
                .putInt(8).put(ascii("mdat"))
                .array();
        Path file = dir.resolve("empty-tfdt.mp4");
        Files.write(file, ByteBuffer.allocate(headerEnd + fragment.length).put(bytes, 0, headerEnd).put(fragment)
                .array());
        ScanResult scan = SegmentFileScanner.scan(file);
        assertThat(scan.problem()).isEqualTo("fragment 1: tfdt too short");
        assertThat(scan.header()).isNotNull();
        assertThat(scan.fragments()).isEmpty();
        assertThat(scan.validBytes()).isEqualTo(headerEnd);
    }

    @Test
    void foreignMp4IsNotAnNvrSegment() throws IOException {
        Path mp4 = dir.resolve("ffmpeg.mp4");
        ProcessRunner.Result made = ProcessRunner.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi",
                "-i", "testsrc2=size=160x120:rate=25", "-t", "1", "-c:v", "libx264", "-movflags",
                "frag_keyframe+empty_moov", mp4.toString()), PEER_TIMEOUT);
        assertThat(made.succeeded()).as(made.describe()).isTrue();
        ScanResult scan = SegmentFileScanner.scan(mp4);
        assertThat(scan.problem()).startsWith("not an NVR segment: no uuid metadata");
        assertThat(scan.header()).isNull();
    }

    @Test
    void corruptionInsideAFragmentStopsBeforeIt() throws IOException {
        Path root = dir.resolve("r");
        Files.createDirectory(root);
        SegmentSummary whole = write(root, clip.units(), 0);
        Path file = root.resolve(whole.path());
        byte[] original = Files.readAllBytes(file);
        FragmentEntry fourth = whole.fragments().get(3);
        int moof = (int) fourth.byteOffset();

        // Zeros over the middle of the fourth mdat (as a crash can leave): the NAL lengths no longer add up.
        byte[] zeroed = original.clone();
        Arrays.fill(zeroed, (int) (moof + fourth.byteLength() / 2), (int) (moof + fourth.byteLength() / 2 + 4096),
                (byte) 0);
        assertCorruptAt(file, zeroed, 3, "fragment 4, sample");

        // trun sample_count (at moof + 8 mfhd 16 + traf header 8 + tfhd 16 + tfdt 20 + trun header 12) set huge.
        byte[] hugeCount = original.clone();
        ByteBuffer.wrap(hugeCount).putInt(moof + 8 + 16 + 8 + 16 + 20 + 12, 0x7fff_ffff);
        assertCorruptAt(file, hugeCount, 3, "sample count 2147483647");

        // tfdt base media decode time off by one tick.
        byte[] badTime = original.clone();
        ByteBuffer b = ByteBuffer.wrap(badTime);
        int tfdtValue = moof + 8 + 16 + 8 + 16 + 12;
        b.putLong(tfdtValue, b.getLong(tfdtValue) + 1);
        assertCorruptAt(file, badTime, 3, "tfdt base media decode time 270001");

        // mfhd sequence number repeated.
        byte[] badSequence = original.clone();
        ByteBuffer.wrap(badSequence).putInt(moof + 8 + 12, 3);
        assertCorruptAt(file, badSequence, 3, "mfhd sequence number is not 4");

        // moof size pointing past the end of the file.
        byte[] hugeMoof = original.clone();
        ByteBuffer.wrap(hugeMoof).putInt(moof, 0x7fff_ffff);
        assertCorruptAt(file, hugeMoof, 3, "bad box size 2147483647 for 'moof'");

        // Random bytes over the fourth fragment's moof.
        byte[] random = original.clone();
        byte[] junk = new byte[64];
        new Random(7).nextBytes(junk);
        System.arraycopy(junk, 0, random, moof + 16, junk.length);
        assertCorruptAt(file, random, 3, "fragment 4");

        // Metadata with an unknown format version.
        byte[] format = original.clone();
        int at = indexOf(format, ascii("format=1\n"));
        format[at + 7] = '9';
        Files.write(file, format);
        assertThat(SegmentFileScanner.scan(file).problem()).isEqualTo("bad metadata: segment metadata format 9 is not 1");
    }

    private static void assertCorruptAt(Path file, byte[] bytes, int completeFragments, String problem)
            throws IOException {
        Files.write(file, bytes);
        ScanResult scan = SegmentFileScanner.scan(file);
        assertThat(scan.problem()).contains(problem);
        assertThat(scan.fragments()).hasSize(completeFragments);
        assertThat(scan.frames()).isEqualTo(25L * completeFragments);
    }

    private static SegmentSummary write(Path root, List<AccessUnit> units, long sequence) throws IOException {
        SegmentStart start = TestSegments.start(clip.parameters(), sequence);
        SegmentWriter writer = new Fmp4SegmentSink(root, SegmentWriterOptions.defaults(), new SimpleMeterRegistry())
                .create(start);
        for (AccessUnit unit : units) {
            writer.append(unit);
        }
        return writer.finish(EndReason.DURATION);
    }

    private static byte[] box(String type, long size, String payload) {
        return ByteBuffer.allocate(8 + 8).putInt((int) size).put(ascii(type)).put(ascii(payload)).putInt(0).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i + needle.length <= haystack.length && found.isEmpty(); i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                found.add(i);
            }
        }
        return found.get(0);
    }
}
