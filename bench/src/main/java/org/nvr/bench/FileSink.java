package org.nvr.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nvr.core.model.AccessUnit;

/**
 * Writes access units to one file as a recorder's sample data would be laid out (ISO/IEC 14496-15: a 4-byte
 * length before each NAL unit), with {@code fdatasync} every {@code syncBytes}, as the floor program does (512 KiB
 * there, about one 1 s fragment at 4 Mbit/s). It lets the NVR side of the benchmark pay for the same disk writes
 * as the floor and ffmpeg. Units are gathered in a {@value #WRITE_BUFFER_BYTES}-byte buffer and written when it is
 * full (the floor program reads and writes up to 64 KiB at a time), as a recorder writes whole fragments rather
 * than one system call per NAL unit. Each fdatasync's duration goes to a {@link LatencyWindow}, as the recorder's
 * go to {@code nvr.storage.fsync}. Not thread-safe: used from the stream's event loop.
 */
final class FileSink implements AutoCloseable {
    static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long syncBytes;
    private final LatencyWindow fsyncs;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private long unsynced;

    FileSink(Path file, long syncBytes, LatencyWindow fsyncs) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.syncBytes = syncBytes;
        this.fsyncs = fsyncs;
    }

    void write(AccessUnit unit) {
        try {
            for (byte[] nalu : unit.nalus()) {
                if (pending.remaining() < 4) {
                    flush();
                }
                pending.putInt(nalu.length);
                int offset = 0;
                while (offset < nalu.length) {
                    if (!pending.hasRemaining()) {
                        flush();
                    }
                    int chunk = Math.min(pending.remaining(), nalu.length - offset);
                    pending.put(nalu, offset, chunk);
                    offset += chunk;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("recording benchmark output failed", e);
        }
    }

    private void flush() throws IOException {
        pending.flip();
        unsynced += pending.remaining();
        while (pending.hasRemaining()) {
            channel.write(pending);
        }
        pending.clear();
        if (unsynced >= syncBytes) {
            long startNanos = System.nanoTime();
            channel.force(false);
            fsyncs.record(System.nanoTime() - startNanos);
            unsynced = 0;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
