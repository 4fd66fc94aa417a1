package org.nvr.storage.segment.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nvr.core.record.FragmentEntry;
import org.nvr.storage.segment.ScanResult;
import org.nvr.storage.segment.SegmentFileScanner;

/**
 * {@link SegmentFileScanner#scan} (startup recovery and {@code nvr check}) on a file of arbitrary bytes. Contract,
 * from its Javadoc: garbage, impossible box sizes and truncation give a {@link ScanResult#problem()}, never an
 * exception (only real I/O failures throw, and reading a local file here has none); allocations stay bounded (a
 * box that claims 2^31 or 2^63 bytes is refused, not allocated; the surefire heap is 1 GiB); the result is
 * consistent: the complete fragments lie one after the other inside the valid bytes, their frames add up, and a
 * complete scan covers the whole file.
 *
 * <p>Seeds in {@code SegmentFileScannerFuzzTestInputs/}: a two-fragment segment (160x90, 2 s, libx264) written by
 * {@code Fmp4SegmentSink}, that segment truncated inside its second fragment, and boxes with sizes 0, 1 (64-bit)
 * and 2^31.
 */
class SegmentFileScannerFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "30s")
    void segmentFile(byte[] input) throws IOException {
        Files.write(FILE, input);
        ScanResult scan = SegmentFileScanner.scan(FILE);
        assertThat(scan.fileBytes()).isEqualTo(input.length);
        assertThat(scan.validBytes()).isBetween(0L, (long) input.length);
        if (scan.complete()) {
            assertThat(scan.header()).isNotNull();
            assertThat(scan.validBytes()).isEqualTo(input.length);
        }
        if (scan.header() == null) {
            assertThat(scan.fragments()).isEmpty();
            assertThat(scan.validBytes()).isZero();
            return;
        }
        // Fragments follow the header and each other without a gap (the scanner walks box after box).
        long end = scan.fragments().isEmpty() ? scan.validBytes() : scan.fragments().get(0).byteOffset();
        long frames = 0;
        long previous90k = -1;
        for (FragmentEntry fragment : scan.fragments()) {
            assertThat(fragment.byteOffset()).isEqualTo(end);
            assertThat(fragment.startOffset90k()).isGreaterThanOrEqualTo(previous90k)
                    .isLessThanOrEqualTo(scan.mediaDuration90k());
            previous90k = fragment.startOffset90k();
            end = fragment.byteOffset() + fragment.byteLength();
            frames += fragment.frames();
        }
        assertThat(end).isEqualTo(scan.validBytes());
        assertThat(scan.frames()).isEqualTo(frames);
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("segment-fuzz", ".mp4");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
