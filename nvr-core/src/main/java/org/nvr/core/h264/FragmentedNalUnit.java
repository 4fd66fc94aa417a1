package org.nvr.core.h264;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The one NAL unit being reassembled from FU-A fragments (RFC 6184 §5.8), copied once into an array of its exact
 * size when its last fragment arrives.
 *
 * <p>The unit's size is only known at the E bit, so the fragments before it are kept in their packets' buffers
 * (the payload buffer retained, with the fragment's index and length; no slice object per packet) and copied at
 * the end; the last fragment is copied straight from its packet. At most {@code maxRetainedFragments} buffers are
 * held: past that (a NAL unit of hundreds of kilobytes), the held fragments are copied into a spill array, their
 * buffers released, and holding starts again, so a huge unit costs a second copy of its spilled part instead of
 * pinning an unbounded number of receive buffers. Over UDP each held buffer pins a whole datagram buffer, so the
 * limit also bounds that memory.
 *
 * <p>Every path that abandons the unit must call {@link #clear()}, which releases the held buffers. Not
 * thread-safe.
 */
final class FragmentedNalUnit {
    private static final int INITIAL_HELD = 64;
    private static final int INITIAL_SPILL_BYTES = 64 << 10;

    private final int maxRetainedFragments;
    private final int maxBytes;

    private ByteBuf[] held;
    private int[] heldIndex;
    private int[] heldLength;
    private int heldCount;
    /** Fragment bytes moved out of held buffers when the table was full; allocated on first use only. */
    private byte[] spill;
    private int spillUsed;
    /** Bytes after the header gathered so far: spilled plus held. */
    private int bytes;
    private byte header;
    private boolean open;

    /**
     * @param maxRetainedFragments most packet buffers held at once
     * @param maxBytes             largest unit the caller lets through (bounds the spill array)
     */
    FragmentedNalUnit(int maxRetainedFragments, int maxBytes) {
        this.maxRetainedFragments = maxRetainedFragments;
        this.maxBytes = maxBytes;
        int initial = Math.min(INITIAL_HELD, maxRetainedFragments);
        this.held = new ByteBuf[initial];
        this.heldIndex = new int[initial];
        this.heldLength = new int[initial];
    }

    boolean isOpen() {
        return open;
    }

    /** NAL unit type of the open unit, from its rebuilt header. */
    int type() {
        return NalUnitType.type(header);
    }

    /** Opens a unit with its rebuilt NAL unit header; the caller checked that none is open. */
    void start(byte nalHeader) {
        header = nalHeader;
        open = true;
    }

    /** Holds one middle (or start) fragment: {@code length} bytes of {@code payload} at {@code index}. */
    void add(ByteBuf payload, int index, int length) {
        if (length == 0) {
            return;
        }
        if (heldCount == held.length) {
            if (held.length < maxRetainedFragments) {
                int grown = Math.min(maxRetainedFragments, 2 * held.length);
                held = Arrays.copyOf(held, grown);
                heldIndex = Arrays.copyOf(heldIndex, grown);
                heldLength = Arrays.copyOf(heldLength, grown);
            } else {
                spillHeld();
            }
        }
        // The packet's own payload buffer is kept (read later with absolute gets at index), so holding a fragment
        // costs one reference count increment and no allocation.
        held[heldCount] = payload.retain();
        heldIndex[heldCount] = index;
        heldLength[heldCount] = length;
        heldCount++;
        bytes += length;
    }

    /**
     * Ends the unit with its last fragment and returns the NAL unit (header byte first) in an array of its exact
     * size; the held buffers are released and the unit is closed.
     */
    byte[] finish(ByteBuf payload, int index, int length) {
        try {
            byte[] nalu = new byte[1 + bytes + length];
            nalu[0] = header;
            int at = 1;
            if (spillUsed > 0) {
                System.arraycopy(spill, 0, nalu, at, spillUsed);
                at += spillUsed;
            }
            for (int i = 0; i < heldCount; i++) {
                held[i].getBytes(heldIndex[i], nalu, at, heldLength[i]);
                at += heldLength[i];
            }
            payload.getBytes(index, nalu, at, length);
            return nalu;
        } finally {
            clear();
        }
    }

    /** Drops the unit, releasing every held buffer; nothing is open afterwards. */
    void clear() {
        releaseHeld();
        spillUsed = 0;
        bytes = 0;
        open = false;
    }

    private void spillHeld() {
        // bytes never passes maxBytes: the depacketizer checks every fragment against its access unit limit.
        int needed = bytes;
        if (spill == null) {
            spill = new byte[Math.min(maxBytes, Math.max(needed, INITIAL_SPILL_BYTES))];
        } else if (needed > spill.length) {
            spill = Arrays.copyOf(spill, (int) Math.min(maxBytes, Math.max(needed, 2L * spill.length)));
        }
        for (int i = 0; i < heldCount; i++) {
            held[i].getBytes(heldIndex[i], spill, spillUsed, heldLength[i]);
            spillUsed += heldLength[i];
        }
        releaseHeld();
    }

    private void releaseHeld() {
        int count = heldCount;
        heldCount = 0;
        for (int i = 0; i < count; i++) {
            ByteBuf buffer = held[i];
            held[i] = null;
            buffer.release();
        }
    }
}
