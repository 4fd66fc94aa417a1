package org.nvr.core.rtp;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Puts RTP packets received over UDP back into sequence-number order, within a bounded window.
 *
 * <p>UDP may reorder, duplicate and lose packets (RFC 3550 §2.2, §5.1: the sequence number exists "to
 * detect packet loss and to restore packet sequence"). The buffer holds at most {@code capacityPackets}
 * packets in a ring indexed by their distance from the next expected sequence number, so a packet is
 * stored and found without search, boxing or allocation.
 *
 * <ul>
 *   <li>The first packet sets the expected sequence number.</li>
 *   <li>The expected packet is delivered at once, followed by any held packets that now follow in order.</li>
 *   <li>A packet up to {@code capacityPackets - 1} ahead is held until the packets before it arrive.</li>
 *   <li>A packet exactly {@code capacityPackets} ahead does not fit the window: the oldest held packets
 *       are delivered, skipping the holes before them (counted in {@link #skippedPackets()}), until it
 *       fits. The consumer sees the gap in sequence numbers and handles it itself.</li>
 *   <li>A packet further ahead is a discontinuity (a camera restart picks a new random sequence number,
 *       RFC 3550 §5.1, or a long loss): the held packets are flushed in order and the sequence restarts
 *       at it ({@link #restarts()}).</li>
 *   <li>A packet before the expected one is dropped: as a duplicate if it was delivered recently (the
 *       last 64 sequence numbers are remembered in a bit mask) or is already held, else as late.</li>
 *   <li>Two consecutive packets far behind (more than {@code max(capacityPackets, 100)}) restart the
 *       sequence at the second, as RFC 3550 A.1 does with {@code bad_seq}: a camera restart may also pick
 *       a smaller sequence number.</li>
 * </ul>
 *
 * <p>Reference counts: a packet delivered straight away is not retained (the caller still owns it). A held
 * packet's {@link RtpPacket#payload()} is retained when it is stored and released right after the sink
 * returns, so the sink must not release it and must copy what it keeps. {@link #close()} releases what is
 * still held.
 *
 * <p>Not thread-safe: one instance belongs to one stream's event loop.
 */
public final class RtpReorderBuffer implements AutoCloseable {
    /** A sensible default window: about 0.2 s of a 4 Mbit/s stream of 1400-byte packets. */
    public static final int DEFAULT_CAPACITY_PACKETS = 64;
    /** Largest accepted window: far below half the 16-bit sequence space, so distances stay unambiguous. */
    public static final int MAX_CAPACITY_PACKETS = 1 << 14;
    /** RFC 3550 A.1 MAX_MISORDER: how far behind a packet may be and still be treated as reordered. */
    private static final int MAX_MISORDER = 100;
    /** Sequence numbers remembered as delivered, to tell duplicates from late packets. */
    private static final int HISTORY_BITS = Long.SIZE;
    private static final int NO_BAD_SEQ = -1;

    private final RtpPacket[] ring;
    private final int capacity;
    private final int farBehind;

    private boolean started;
    /** The next sequence number to deliver. */
    private int expectedSeq;
    /** Ring slot of {@link #expectedSeq}; the slot of a packet {@code d} ahead is {@code (headSlot + d) % capacity}. */
    private int headSlot;
    private int held;
    /** Bit i set: sequence number {@code expectedSeq - 1 - i} was delivered (clear: skipped or before the start). */
    private long deliveredHistory;
    /** RFC 3550 A.1 bad_seq: the sequence number that would confirm a backward restart. */
    private int badSeq = NO_BAD_SEQ;

    private long duplicates;
    private long late;
    private long skippedPackets;
    private long restarts;

    /**
     * @param capacityPackets how many packets the window spans, 1..{@value #MAX_CAPACITY_PACKETS}
     *                        (default {@value #DEFAULT_CAPACITY_PACKETS}); it bounds both memory and the
     *                        delay a lost packet adds
     */
    public RtpReorderBuffer(int capacityPackets) {
        if (capacityPackets < 1 || capacityPackets > MAX_CAPACITY_PACKETS) {
            throw new IllegalArgumentException("capacityPackets must be 1.." + MAX_CAPACITY_PACKETS + ", got "
                    + capacityPackets);
        }
        this.capacity = capacityPackets;
        this.ring = new RtpPacket[capacityPackets];
        this.farBehind = Math.max(capacityPackets, MAX_MISORDER);
    }

    /**
     * Accepts one received packet and delivers to {@code sink}, in sequence order, every packet that is
     * now ready. The caller keeps its own reference to {@code packet}'s buffer and releases it as usual.
     */
    public void push(RtpPacket packet, Consumer<RtpPacket> sink) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(sink, "sink");
        int seq = packet.sequenceNumber();
        if (!started) {
            restartAt(seq);
            started = true;
        }
        int d = RtpSequence.delta(expectedSeq, seq);
        if (d < 0) {
            dropOld(packet, -d, sink);
            return;
        }
        badSeq = NO_BAD_SEQ;
        if (d > capacity) {
            flush(sink);
            restartAt(seq);
            restarts++;
            d = 0;
        }
        while (d >= capacity) {
            makeRoom(d, sink);
            d = RtpSequence.delta(expectedSeq, seq);
        }
        if (d == 0) {
            advance(true);
            sink.accept(packet);
            drain(sink);
            return;
        }
        int slot = slotAt(d);
        if (ring[slot] != null) {
            duplicates++;
            return;
        }
        packet.payload().retain();
        ring[slot] = packet;
        held++;
    }

    /** Delivers every held packet in order, skipping the holes between them; the sequence goes on after. */
    public void flush(Consumer<RtpPacket> sink) {
        Objects.requireNonNull(sink, "sink");
        while (held > 0) {
            skipHoles();
            drain(sink);
        }
    }

    /** Releases every held packet without delivering it; the next packet pushed starts a new sequence. */
    @Override
    public void close() {
        for (int i = 0; i < capacity; i++) {
            RtpPacket packet = ring[i];
            if (packet != null) {
                ring[i] = null;
                packet.payload().release();
            }
        }
        held = 0;
        started = false;
        badSeq = NO_BAD_SEQ;
    }

    /** Packets dropped because the same sequence number was delivered recently or is held. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets dropped because they arrived after their place in the sequence had been passed. */
    public long late() {
        return late;
    }

    /** Sequence numbers given up on when the window was full or flushed (holes the consumer will see). */
    public long skippedPackets() {
        return skippedPackets;
    }

    /** Times the sequence restarted after a jump too big to be reordering or loss within the window. */
    public long restarts() {
        return restarts;
    }

    /** Packets currently held (retained) by the buffer. */
    public int heldPackets() {
        return held;
    }

    private void dropOld(RtpPacket packet, int behind, Consumer<RtpPacket> sink) {
        int seq = packet.sequenceNumber();
        if (behind > farBehind) {
            // RFC 3550 A.1: a big jump is believed only when the next packet continues from it.
            if (seq == badSeq) {
                badSeq = NO_BAD_SEQ;
                flush(sink);
                restartAt(seq);
                restarts++;
                advance(true);
                sink.accept(packet);
                return;
            }
            badSeq = RtpSequence.add(seq, 1);
            late++;
            return;
        }
        if (behind <= HISTORY_BITS && (deliveredHistory & (1L << (behind - 1))) != 0) {
            duplicates++;
        } else {
            late++;
        }
    }

    /** The packet {@code d >= capacity} ahead does not fit: deliver the oldest held packets, skipping holes. */
    private void makeRoom(int d, Consumer<RtpPacket> sink) {
        if (held == 0) {
            // Nothing is held: the new packet is itself the oldest, so skip straight to it.
            skip(d);
            return;
        }
        skipHoles();
        drain(sink);
    }

    private void skipHoles() {
        while (ring[headSlot] == null) {
            skippedPackets++;
            advance(false);
        }
    }

    private void skip(int count) {
        skippedPackets += count;
        expectedSeq = RtpSequence.add(expectedSeq, count);
        headSlot = (headSlot + count) % capacity;
        deliveredHistory = count >= HISTORY_BITS ? 0 : deliveredHistory << count;
    }

    /** Delivers held packets from the head while they follow in order. */
    private void drain(Consumer<RtpPacket> sink) {
        RtpPacket packet;
        while ((packet = ring[headSlot]) != null) {
            ring[headSlot] = null;
            held--;
            advance(true);
            try {
                sink.accept(packet);
            } finally {
                packet.payload().release();
            }
        }
    }

    private void advance(boolean delivered) {
        expectedSeq = RtpSequence.add(expectedSeq, 1);
        headSlot = headSlot + 1 == capacity ? 0 : headSlot + 1;
        deliveredHistory = (deliveredHistory << 1) | (delivered ? 1 : 0);
    }

    private void restartAt(int seq) {
        expectedSeq = seq;
        headSlot = 0;
        deliveredHistory = 0;
    }

    private int slotAt(int d) {
        int slot = headSlot + d;
        return slot >= capacity ? slot - capacity : slot;
    }
}
