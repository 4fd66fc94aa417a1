package org.nvr.storage.playback.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nvr.core.model.MalformedInputException;
import org.nvr.storage.playback.FragmentRun;
import org.nvr.storage.playback.MoofReader;
import org.nvr.storage.segment.Fmp4Layout;

/**
 * {@link MoofReader#read} (playback and export read each fragment with it) on a file of arbitrary bytes, at offset 0
 * and at every {@code moof} box the bytes seem to hold (up to 8). Contract, from its Javadoc:
 * {@link MalformedInputException} naming the file and offset is the only failure (the file is local, so no
 * {@link IOException}); allocations are bounded by {@link MoofReader#MAX_MOOF_BYTES}, whatever the box sizes say;
 * a fragment read has 1..{@link Fmp4Layout#MAX_SAMPLES_PER_FRAGMENT} samples whose bytes lie inside its
 * {@code mdat}, which ends within the file.
 *
 * <p>Seeds in {@code MoofReaderFuzzTestInputs/}: a two-fragment segment written by {@code Fmp4SegmentSink}, its
 * fragments on their own, and a {@code moof} whose size field says 2^31.
 */
class MoofReaderFuzzTest {
    private static final Path FILE = tempFile();
    private static final byte[] MOOF = "moof".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_OFFSETS = 8;

    @FuzzTest(maxDuration = "30s")
    void fragment(byte[] input) throws IOException {
        Files.write(FILE, input);
        try (FileChannel channel = FileChannel.open(FILE, StandardOpenOption.READ)) {
            readAt(channel, input.length, 0);
            int tried = 0;
            for (int i = 4; i + MOOF.length <= input.length && tried < MAX_OFFSETS; i++) {
                if (java.util.Arrays.equals(input, i, i + MOOF.length, MOOF, 0, MOOF.length)) {
                    readAt(channel, input.length, i - 4);
                    tried++;
                }
            }
        }
    }

    private static void readAt(FileChannel channel, long fileSize, long offset) throws IOException {
        FragmentRun run;
        try {
            run = MoofReader.read(channel, fileSize, offset, "fuzz.mp4");
        } catch (MalformedInputException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.mp4: fragment at byte " + offset);
            return;
        }
        assertThat(run.moofOffset()).isEqualTo(offset);
        assertThat(run.sampleCount()).isBetween(1, Fmp4Layout.MAX_SAMPLES_PER_FRAGMENT);
        assertThat(run.nextOffset()).isGreaterThan(offset).isLessThanOrEqualTo(fileSize);
        for (int i = 0; i < run.sampleCount(); i++) {
            assertThat(run.sampleOffset(i)).isGreaterThan(offset);
            assertThat(run.sampleOffset(i) + run.size(i)).isLessThanOrEqualTo(run.nextOffset());
        }
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("moof-fuzz", ".mp4");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
