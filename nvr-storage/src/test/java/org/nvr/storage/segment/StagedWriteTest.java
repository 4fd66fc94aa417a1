package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedWriteTest {
    @TempDir
    Path dir;

    @Test
    void writesExactlyWhatWasPutAcrossManyBufferFills() throws IOException {
        Random random = new Random(7);
        // Larger than the staging buffer, so that arrays, integers and the header straddle its boundary.
        byte[] header = new byte[StagedWrite.CAPACITY_BYTES - 2];
        random.nextBytes(header);
        byte[] big = new byte[3 * StagedWrite.CAPACITY_BYTES + 17];
        random.nextBytes(big);
        byte[] small = new byte[5];
        random.nextBytes(small);
        ByteBuffer headerView = ByteBuffer.wrap(header, 1, header.length - 1);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        Path file = dir.resolve("f");
        long written;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            data.write(new byte[] {1, 2, 3});
            StagedWrite out = StagedWrite.begin(channel);
            out.put(headerView);
            data.write(header, 1, header.length - 1);
            out.putInt(0x01020304);
            data.writeInt(0x01020304);
            out.put(big);
            data.write(big);
            out.putInt(-1);
            data.writeInt(-1);
            out.put(small);
            data.write(small);
            written = out.finish();
        }
        assertThat(headerView.position()).as("the source's position is left alone").isEqualTo(1);
        assertThat(written).isEqualTo(expected.size() - 3L);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aSecondWriteOnTheSameThreadStartsEmpty() throws IOException {
        Path file = dir.resolve("g");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            StagedWrite first = StagedWrite.begin(channel);
            first.put(new byte[] {9, 9});
            assertThat(first.finish()).isEqualTo(2);
            StagedWrite second = StagedWrite.begin(channel);
            second.putInt(7);
            assertThat(second.finish()).isEqualTo(4);
        }
        assertThat(Files.readAllBytes(file)).containsExactly(9, 9, 0, 0, 0, 7);
    }
}
