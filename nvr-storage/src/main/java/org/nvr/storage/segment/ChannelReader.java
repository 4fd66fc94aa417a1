package org.nvr.storage.segment;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional big-endian reads from a file through one fixed buffer, so a scan streams the file in bounded memory
 * and reads each region at most once when it moves forward. Callers check {@code pos + n <= size()} first.
 */
final class ChannelReader {
    static final int BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long bufferStart;

    ChannelReader(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
        buffer.limit(0);
    }

    long size() {
        return size;
    }

    int u8(long pos) throws IOException {
        load(pos, 1);
        return buffer.get((int) (pos - bufferStart)) & 0xff;
    }

    long u32(long pos) throws IOException {
        load(pos, 4);
        return buffer.getInt((int) (pos - bufferStart)) & 0xffff_ffffL;
    }

    long u64(long pos) throws IOException {
        load(pos, 8);
        return buffer.getLong((int) (pos - bufferStart));
    }

    /** {@code n} bytes at {@code pos}; callers bound {@code n}. */
    byte[] bytes(long pos, int n) throws IOException {
        byte[] out = new byte[n];
        if (n <= BUFFER_BYTES) {
            load(pos, n);
            buffer.get((int) (pos - bufferStart), out);
            return out;
        }
        ByteBuffer target = ByteBuffer.wrap(out);
        while (target.hasRemaining()) {
            if (channel.read(target, pos + target.position()) < 0) {
                throw new EOFException("file shrank to below byte " + (pos + target.position()) + " while scanning");
            }
        }
        return out;
    }

    private void load(long pos, int n) throws IOException {
        if (pos < 0 || pos + n > size) {
            throw new EOFException("read of " + n + " bytes at " + pos + " past the end of a " + size + "-byte file");
        }
        if (pos >= bufferStart && pos + n <= bufferStart + buffer.limit()) {
            return;
        }
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER_BYTES, size - pos));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, pos + buffer.position()) < 0) {
                throw new EOFException("file shrank to below byte " + (pos + buffer.position()) + " while scanning");
            }
        }
        buffer.flip();
        bufferStart = pos;
    }
}
