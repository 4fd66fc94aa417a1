package org.nvr.storage.segment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes ISO/IEC 14496-12 boxes (§4.2) big-endian into a growable heap buffer, patching each box's 32-bit size
 * when it is closed. Reusable: {@link #reset()} keeps the buffer, so the per-fragment {@code moof} costs no
 * allocation once the buffer has grown to size.
 *
 * <p>Why our own writer and not JCodec's MP4 classes: JCodec's muxer targets progressive MP4 (one {@code moov}
 * with sample tables written at the end, so nothing is playable or recoverable until the file is closed) and
 * copies every sample through its own buffers. We need {@code moof}/{@code mdat} fragments that are each a recovery
 * point, a gathering write straight from the access units' arrays, and byte-exact control of the layout that
 * {@link SegmentFileScanner} checks during recovery. The boxes we write are few and fixed, so the writer is small.
 */
public final class BoxWriter {
    private static final int MAX_DEPTH = 16;

    private ByteBuffer buffer;
    private final int[] starts = new int[MAX_DEPTH];
    private int depth;

    /** A writer whose buffer starts at {@code initialCapacity} bytes and grows as needed. */
    public BoxWriter(int initialCapacity) {
        buffer = ByteBuffer.allocate(initialCapacity);
    }

    /** Opens a box: a size placeholder and its four-character type. */
    public BoxWriter begin(String type) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("boxes nested deeper than " + MAX_DEPTH);
        }
        starts[depth++] = position();
        u32(0);
        fourCc(type);
        return this;
    }

    /** Opens a full box (§4.2): version byte and 24 bits of flags follow the type. */
    public BoxWriter beginFull(String type, int version, int flags) {
        begin(type);
        u8(version);
        u24(flags);
        return this;
    }

    /** Closes the innermost open box, writing its size. */
    public BoxWriter end() {
        if (depth == 0) {
            throw new IllegalStateException("no open box");
        }
        int start = starts[--depth];
        buffer.putInt(start, position() - start);
        return this;
    }

    public BoxWriter u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public BoxWriter u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public BoxWriter u24(int value) {
        ensure(3).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
        return this;
    }

    public BoxWriter u32(long value) {
        ensure(4).putInt((int) value);
        return this;
    }

    public BoxWriter u64(long value) {
        ensure(8).putLong(value);
        return this;
    }

    public BoxWriter bytes(byte[] value) {
        ensure(value.length).put(value);
        return this;
    }

    public BoxWriter zeros(int count) {
        ensure(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) 0);
        }
        return this;
    }

    public BoxWriter fourCc(String type) {
        byte[] code = type.getBytes(StandardCharsets.ISO_8859_1);
        if (code.length != 4) {
            throw new IllegalArgumentException("not a four-character code: '" + type + "'");
        }
        return bytes(code);
    }

    public int position() {
        return buffer.position();
    }

    /** Overwrites a 32-bit field written earlier (the {@code trun} data offset, known once the {@code moof} ends). */
    public void patchU32(int at, long value) {
        buffer.putInt(at, (int) value);
    }

    /** Forgets what was written, keeping the buffer. */
    public void reset() {
        buffer.clear();
        depth = 0;
    }

    /** A read view of what was written; valid until the next write or {@link #reset()}. */
    public ByteBuffer view() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " boxes still open");
        }
        return buffer.duplicate().flip();
    }

    public byte[] toByteArray() {
        ByteBuffer view = view();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    private ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            int needed = buffer.position() + bytes;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2));
            bigger.put(buffer.flip());
            buffer = bigger;
        }
        return buffer;
    }
}
