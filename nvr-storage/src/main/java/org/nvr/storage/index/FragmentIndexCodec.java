package org.nvr.storage.index;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.record.FragmentEntry;

/**
 * The compact seek index of one segment, as stored in {@code segment_fragments.fragment_index} (see
 * {@code V1__initial_schema.sql} for why a blob rather than a row per fragment).
 *
 * <p>Format version 1: one byte {@code 0x01}, then for each fragment four unsigned LEB128 varints
 * (7 bits a byte, low bits first, high bit set on every byte but the last):
 * <ol>
 *   <li>{@code startOffset90k} minus the previous fragment's (the first: minus 0);</li>
 *   <li>{@code byteOffset} minus the end of the previous fragment ({@code byteOffset + byteLength}; the first:
 *       minus 0), usually 0 since fragments follow each other;</li>
 *   <li>{@code byteLength};</li>
 *   <li>{@code frames << 1 | startsWithKeyframe}.</li>
 * </ol>
 * A one-second fragment of a 4 Mbit/s stream at 25 fps takes 3 + 1 + 3 + 1 = 8 bytes. Fragments must therefore be
 * in file order: start times non-decreasing, byte ranges non-overlapping and increasing.
 */
public final class FragmentIndexCodec {
    /** The format version byte. */
    public static final int VERSION = 1;
    /** Most fragments one segment may hold (a one-hour segment of 100 ms fragments), bounding the decoder. */
    public static final int MAX_FRAGMENTS = 36_000;

    private FragmentIndexCodec() {
    }

    /**
     * Encodes fragments in file order.
     *
     * @throws IllegalArgumentException when they are not in file order or too many
     */
    public static byte[] encode(List<FragmentEntry> fragments) {
        if (fragments.size() > MAX_FRAGMENTS) {
            throw new IllegalArgumentException("too many fragments: " + fragments.size() + " > " + MAX_FRAGMENTS);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + 8 * fragments.size());
        out.write(VERSION);
        long previousStart90k = 0;
        long previousEnd = 0;
        for (int i = 0; i < fragments.size(); i++) {
            FragmentEntry f = fragments.get(i);
            if (f.startOffset90k() < previousStart90k) {
                throw new IllegalArgumentException("fragment " + i + " starts at " + f.startOffset90k()
                        + " (90 kHz) before the previous one at " + previousStart90k);
            }
            if (f.byteOffset() < previousEnd) {
                throw new IllegalArgumentException("fragment " + i + " at byte " + f.byteOffset()
                        + " overlaps the previous one, which ends at byte " + previousEnd);
            }
            writeVarint(out, f.startOffset90k() - previousStart90k);
            writeVarint(out, f.byteOffset() - previousEnd);
            writeVarint(out, f.byteLength());
            writeVarint(out, ((long) f.frames() << 1) | (f.startsWithKeyframe() ? 1 : 0));
            previousStart90k = f.startOffset90k();
            previousEnd = Math.addExact(f.byteOffset(), f.byteLength());
        }
        return out.toByteArray();
    }

    /**
     * Decodes {@code expectedCount} fragments.
     *
     * @param context what the blob belongs to, for the error message (e.g. "segment 42")
     * @throws NvrException DATA_LOSS when the blob is not a valid index of that many fragments
     */
    public static List<FragmentEntry> decode(byte[] blob, int expectedCount, String context) {
        if (expectedCount < 0 || expectedCount > MAX_FRAGMENTS) {
            throw corrupt(context, "fragment count " + expectedCount + " out of range", 0);
        }
        if (blob.length == 0 || blob[0] != VERSION) {
            throw corrupt(context, "unknown format version " + (blob.length == 0 ? "(empty)" : blob[0] & 0xff), 0);
        }
        int[] position = {1};
        List<FragmentEntry> fragments = new ArrayList<>(expectedCount);
        long start90k = 0;
        long end = 0;
        for (int i = 0; i < expectedCount; i++) {
            start90k = addOrCorrupt(start90k, readVarint(blob, position, context), context, position[0]);
            long byteOffset = addOrCorrupt(end, readVarint(blob, position, context), context, position[0]);
            long byteLength = readVarint(blob, position, context);
            long framesAndKey = readVarint(blob, position, context);
            long frames = framesAndKey >>> 1;
            if (byteLength == 0 || frames == 0 || frames > Integer.MAX_VALUE) {
                throw corrupt(context, "fragment " + i + " has byteLength " + byteLength + ", frames " + frames,
                        position[0]);
            }
            fragments.add(new FragmentEntry(start90k, byteOffset, byteLength, (int) frames,
                    (framesAndKey & 1) != 0));
            end = addOrCorrupt(byteOffset, byteLength, context, position[0]);
        }
        if (position[0] != blob.length) {
            throw corrupt(context, (blob.length - position[0]) + " bytes after " + expectedCount + " fragments",
                    position[0]);
        }
        return fragments;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] blob, int[] position, String context) {
        long value = 0;
        // Values are non-negative longs: at most 63 bits, 9 bytes of 7 bits.
        for (int shift = 0; shift < 63; shift += 7) {
            if (position[0] >= blob.length) {
                throw corrupt(context, "truncated varint", position[0]);
            }
            int b = blob[position[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw corrupt(context, "varint longer than 9 bytes", position[0]);
    }

    private static long addOrCorrupt(long a, long b, String context, int position) {
        long sum = a + b;
        if (sum < 0) {
            throw corrupt(context, "offset overflows", position);
        }
        return sum;
    }

    private static NvrException corrupt(String context, String what, int position) {
        return new NvrException(Kind.DATA_LOSS, "corrupt fragment index of " + context + ": " + what
                + " at byte " + position);
    }
}
