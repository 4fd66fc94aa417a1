package org.nvr.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes one fragment through a direct staging buffer owned by the writing thread: {@code moof}, length prefixes
 * and NAL units are copied into it once and written with one {@code write(2)} per {@value #CAPACITY_BYTES} bytes.
 *
 * <p>Why: a gathering write of heap buffers (one per NAL unit and one per 4-byte prefix) makes the JDK copy each
 * of them into a temporary direct buffer of its own, from a per-thread cache of up to IOV_MAX buffers sized by the
 * largest NAL units seen, and allocate two {@link ByteBuffer} views per NAL unit; the copy here is the one the JDK
 * made anyway, without the objects, the cache's native memory or the many-element {@code iovec}
 * (docs/performance.md, R4). Memory is bounded: one buffer of {@value #CAPACITY_BYTES} bytes per thread that writes
 * segments (the writer pool), whatever the fragment size; a larger fragment is written in several calls, which is
 * safe because a fragment only counts once it is whole (recovery cuts a file back to its last complete fragment).
 *
 * <p>Not thread-safe: used by one thread from {@link #begin} to {@link #finish}.
 */
final class StagedWrite {
    /** Staging buffer size per thread: a second of a 8 Mbit/s stream in one system call. */
    static final int CAPACITY_BYTES = 1 << 20;

    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CAPACITY_BYTES));

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long writtenBytes;

    private StagedWrite(FileChannel channel, ByteBuffer buffer) {
        this.channel = channel;
        this.buffer = buffer;
    }

    /** Starts a write to {@code channel} at its position, with this thread's staging buffer. */
    static StagedWrite begin(FileChannel channel) {
        return new StagedWrite(channel, BUFFERS.get().clear());
    }

    /** Appends the remaining bytes of {@code source}, leaving its position unchanged. */
    void put(ByteBuffer source) throws IOException {
        ByteBuffer view = source.duplicate();
        while (view.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(view.remaining(), buffer.remaining());
            int limit = view.limit();
            view.limit(view.position() + n);
            buffer.put(view);
            view.limit(limit);
        }
    }

    /** Appends a 32-bit big-endian integer. */
    void putInt(int value) throws IOException {
        if (buffer.remaining() < Integer.BYTES) {
            flush();
        }
        buffer.putInt(value);
    }

    /** Appends the whole array. */
    void put(byte[] source) throws IOException {
        int offset = 0;
        while (offset < source.length) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(source.length - offset, buffer.remaining());
            buffer.put(source, offset, n);
            offset += n;
        }
    }

    /** Writes what is staged; returns the bytes written since {@link #begin}. */
    long finish() throws IOException {
        flush();
        return writtenBytes;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            writtenBytes += channel.write(buffer);
        }
        buffer.clear();
    }
}
