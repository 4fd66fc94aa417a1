package org.nvr.storage.playback;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.MalformedInputException;

class MoofReaderTest {
    @TempDir
    Path dir;

    @Test
    void emptyTfdtAtTheEndOfTheMoofIsMalformedNotAnIndexError() throws IOException {
        // Found while fuzzing (MoofReaderFuzzTest): the version byte of an empty tfdt lies past the moof.
        byte[] fragment = ByteBuffer.allocate(56 + 8)
                .putInt(56).put(ascii("moof"))
                .putInt(16).put(ascii("mfhd")).putInt(0).putInt(1)              // sequence 1
                .putInt(32).put(ascii("traf"))
                .putInt(16).put(ascii("tfhd")).putInt(0x020000).putInt(1)      // default-base-is-moof, track 1
                .putInt(8).put(ascii("tfdt"))                                  // no version, no time
                .putInt(8).put(ascii("mdat"))
                .array();
        Path file = dir.resolve("empty-tfdt.mp4");
        Files.write(file, fragment);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> MoofReader.read(channel, fragment.length, 0, "empty-tfdt.mp4"))
                    .isInstanceOf(MalformedInputException.class)
                    .hasMessage("empty-tfdt.mp4: fragment at byte 0: tfdt too short");
        }
    }

    private static byte[] ascii(String fourCc) {
        return fourCc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
