package org.nvr.storage.fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.storage.segment.SegmentChannelFactory;

/**
 * A {@link SegmentChannelFactory} whose channels fail on demand the way a disk does: {@code write} with ENOSPC
 * ("No space left on device"), any call with EROFS ("Read-only file system") once the file system was remounted
 * read-only, {@code fsync} with EIO. Each fault is armed for a number of calls or until {@link #clear()}; the
 * failing call does nothing (a real short write would leave a torn fragment, which the writer must cope with
 * anyway, so {@link #tornWrites} makes a failing write land half its bytes first). Thread-safe.
 */
final class DiskFaults implements SegmentChannelFactory {
    /** Where a fault hits. */
    enum Op { CREATE, WRITE, FSYNC_DATA, FSYNC_METADATA, TRUNCATE }

    /** Until {@link #clear()}. */
    static final int UNTIL_CLEARED = Integer.MAX_VALUE;

    private final Map<Op, AtomicInteger> armed = new EnumMap<>(Op.class);
    private final Map<Op, String> messages = new EnumMap<>(Op.class);
    private final AtomicInteger failures = new AtomicInteger();
    volatile boolean tornWrites = true;

    DiskFaults() {
        for (Op op : Op.values()) {
            armed.put(op, new AtomicInteger());
        }
    }

    /** The next {@code calls} calls of {@code op} fail with {@code message}. */
    synchronized DiskFaults fail(Op op, int calls, String message) {
        armed.get(op).set(calls);
        messages.put(op, message);
        return this;
    }

    /** ENOSPC: writes (and so new headers) fail until cleared; truncation frees space and works. */
    DiskFaults diskFull() {
        return fail(Op.WRITE, UNTIL_CLEARED, "No space left on device");
    }

    /** EROFS: everything that changes a file fails until cleared, creating one included. */
    DiskFaults readOnly() {
        for (Op op : Op.values()) {
            fail(op, UNTIL_CLEARED, "Read-only file system");
        }
        return this;
    }

    synchronized void clear() {
        armed.values().forEach(a -> a.set(0));
    }

    /** Calls failed so far. */
    int failures() {
        return failures.get();
    }

    private void check(Op op) throws IOException {
        AtomicInteger left = armed.get(op);
        if (left.getAndUpdate(n -> n == 0 ? 0 : n == UNTIL_CLEARED ? n : n - 1) > 0) {
            failures.incrementAndGet();
            throw new IOException(messages.get(op) + " (injected at " + op.name().toLowerCase() + ")");
        }
    }

    private boolean armed(Op op) {
        return armed.get(op).get() > 0;
    }

    @Override
    public FileChannel create(Path file) throws IOException {
        check(Op.CREATE);
        return new Faulty(SegmentChannelFactory.DEFAULT.create(file));
    }

    /** Delegates to a real channel, failing where armed. */
    private final class Faulty extends FileChannel {
        private final FileChannel real;

        Faulty(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (armed(Op.WRITE) && tornWrites) {
                // Half of the first buffer lands before the failure, as a short write on a filling disk does.
                ByteBuffer first = srcs[offset].duplicate();
                first.limit(first.position() + first.remaining() / 2);
                real.write(first);
            }
            check(Op.WRITE);
            return real.write(srcs, offset, length);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check(metaData ? Op.FSYNC_METADATA : Op.FSYNC_DATA);
            real.force(metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            check(Op.TRUNCATE);
            real.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            check(Op.WRITE);
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check(Op.WRITE);
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
