package org.nvr.core.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.nvr.core.time.NvrClock;

/**
 * Reception statistics of one RTP source, and the RTCP Receiver Report that tells the source about them
 * (RFC 3550 §6.4.2). Cameras use receiver reports as keep-alive: some stop sending after a minute or so
 * of silence from the receiver (RFC 3550 §6.3.5 has senders time out members that send no RTCP).
 *
 * <ul>
 *   <li>Sequence numbers and cycles follow RFC 3550 Appendix A.1 without probation: a jump of 3000 or more
 *       ahead (or more than 100 behind) is believed only when the next packet continues from it, which
 *       then restarts the counts ({@code bad_seq}).</li>
 *   <li>Expected, lost and fraction lost follow Appendix A.3.</li>
 *   <li>Interarrival jitter follows Appendix A.8, in RTP timestamp units: arrival times are taken from the
 *       injected clock's monotonic nanoseconds and converted to the source's clock rate.</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance belongs to one stream's event loop.
 */
public final class ReceiverStats {
    /** RFC 3550 A.1: the largest forward jump still taken as loss. */
    private static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1: the largest backward step still taken as reordering. */
    private static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = RtpSequence.MODULUS;
    private static final int NO_BAD_SEQ = SEQ_MOD + 1;
    /** RFC 3550 §6.4.1: cumulative number of packets lost is a 24-bit signed integer. */
    private static final long MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    private static final long MIN_CUMULATIVE_LOST = -0x80_0000;
    /** RFC 3550 §6.5: an SDES item's text is at most 255 octets. */
    private static final int MAX_SDES_TEXT_BYTES = 255;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final NvrClock clock;
    private final int clockRateHz;
    private final long sourceSsrc;

    private boolean started;
    private int maxSeq;
    /** Shifted count of sequence number cycles (a multiple of 2^16), as RFC 3550 A.1 keeps it. */
    private long cycles;
    private int baseSeq;
    private int badSeq = NO_BAD_SEQ;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    private long originNanos;
    private boolean haveTransit;
    private int transit;
    private double jitter;

    private boolean haveSenderReport;
    private long lastSrMiddle32;
    private long lastSrArrivalNanos;

    /**
     * @param clock       where arrival times come from ({@link NvrClock#monotonicNanos()})
     * @param clockRateHz the source's RTP clock rate (90000 for video, RFC 6184 §8.2.1)
     * @param sourceSsrc  the SSRC this object reports on, 0..2^32-1
     */
    public ReceiverStats(NvrClock clock, int clockRateHz, long sourceSsrc) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clockRateHz must be positive, got " + clockRateHz);
        }
        checkSsrc(sourceSsrc, "sourceSsrc");
        this.clockRateHz = clockRateHz;
        this.sourceSsrc = sourceSsrc;
    }

    /**
     * Counts one received RTP packet of this source, at the clock's current time.
     *
     * @param seq            the packet's sequence number, 0..65535
     * @param rtpTimestamp32 the packet's RTP timestamp, 0..2^32-1
     * @return false if the packet was set aside as a possible jump (RFC 3550 A.1 {@code bad_seq}) and not
     *         counted
     */
    public boolean onPacket(int seq, long rtpTimestamp32) {
        if ((seq & ~(SEQ_MOD - 1)) != 0) {
            throw new IllegalArgumentException("seq = " + seq + " is not a 16-bit sequence number");
        }
        if ((rtpTimestamp32 & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("rtpTimestamp32 = " + rtpTimestamp32 + " is not 32-bit");
        }
        long nowNanos = clock.monotonicNanos();
        if (!started) {
            started = true;
            originNanos = nowNanos;
            initSeq(seq);
        } else if (!updateSeq(seq)) {
            return false;
        }
        received++;
        updateJitter(nowNanos, rtpTimestamp32);
        return true;
    }

    /**
     * Remembers a Sender Report of this source, and when it arrived, for the LSR and DLSR fields
     * (RFC 3550 §6.4.1). A report from another SSRC is ignored.
     */
    public void onSenderReport(SenderReport sr) {
        if (sr.ssrc() != sourceSsrc) {
            return;
        }
        haveSenderReport = true;
        lastSrMiddle32 = sr.middle32();
        lastSrArrivalNanos = clock.monotonicNanos();
    }

    /**
     * Builds a compound RTCP packet: a Receiver Report (PT 201) with one report block about this source
     * (none before the first packet) followed by an SDES packet (PT 202) with our CNAME, which RFC 3550 §6.1
     * requires in every compound packet. Starts a new interval for the fraction lost (RFC 3550 A.3).
     *
     * @param alloc   allocator of the returned buffer, which the caller releases
     * @param ourSsrc our SSRC, 0..2^32-1
     * @param cname   our canonical name (RFC 3550 §6.5.1, e.g. {@code nvr@host}), 1..255 bytes of UTF-8
     */
    public ByteBuf buildReceiverReport(ByteBufAllocator alloc, long ourSsrc, String cname) {
        checkSsrc(ourSsrc, "ourSsrc");
        byte[] cnameBytes = cname.getBytes(StandardCharsets.UTF_8);
        if (cnameBytes.length == 0 || cnameBytes.length > MAX_SDES_TEXT_BYTES) {
            throw new IllegalArgumentException("CNAME must be 1.." + MAX_SDES_TEXT_BYTES + " bytes of UTF-8, got "
                    + cnameBytes.length);
        }
        int blocks = started ? 1 : 0;
        int rrBytes = 8 + 24 * blocks;
        // RFC 3550 §6.5: a chunk is the SSRC, the items, then 1..4 null octets up to a 32-bit boundary.
        int itemBytes = 2 + cnameBytes.length;
        int chunkBytes = 4 + itemBytes + (4 - itemBytes % 4);
        int sdesBytes = 4 + chunkBytes;

        ByteBuf out = alloc.buffer(rrBytes + sdesBytes);
        // RFC 3550 §6.4.2 Receiver Report.
        out.writeByte(0x80 | blocks);           // V=2, P=0, RC
        out.writeByte(RtcpParser.PT_RECEIVER_REPORT);
        out.writeShort(rrBytes / 4 - 1);         // length in 32-bit words minus one
        out.writeInt((int) ourSsrc);             // SSRC of packet sender
        if (started) {
            writeReportBlock(out);
        }
        // RFC 3550 §6.5 SDES with one chunk holding the CNAME item (§6.5.1).
        out.writeByte(0x80 | 1);                 // V=2, P=0, SC=1
        out.writeByte(RtcpParser.PT_SOURCE_DESCRIPTION);
        out.writeShort(sdesBytes / 4 - 1);
        out.writeInt((int) ourSsrc);
        out.writeByte(1);                        // item type CNAME
        out.writeByte(cnameBytes.length);
        out.writeBytes(cnameBytes);
        out.writeZero(chunkBytes - 4 - itemBytes);
        return out;
    }

    /** Packets received and counted (duplicates included, as RFC 3550 A.3 counts them). */
    public long packetsReceived() {
        return received;
    }

    /** Packets expected from the first to the highest sequence number (RFC 3550 A.3); 0 before any packet. */
    public long expectedPackets() {
        return started ? extendedHighestSeq() - baseSeq + 1 : 0;
    }

    /**
     * Packets expected minus packets received (RFC 3550 A.3), negative when duplicates outnumber losses.
     * Not clamped: the Receiver Report field clamps it to 24-bit signed.
     */
    public long cumulativeLost() {
        return expectedPackets() - received;
    }

    /** Highest sequence number received, extended by the count of cycles (RFC 3550 A.1). */
    public long extendedHighestSeq() {
        return cycles + maxSeq;
    }

    /** Interarrival jitter estimate in RTP timestamp units (RFC 3550 A.8). */
    public double jitter() {
        return jitter;
    }

    private void writeReportBlock(ByteBuf out) {
        long expected = expectedPackets();
        // RFC 3550 A.3: fraction lost over the interval since the previous report.
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0
                ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost()));

        out.writeInt((int) sourceSsrc);                                // SSRC_1 (SSRC of first source)
        out.writeInt((fraction << 24) | (int) (lost & 0xFF_FFFF));      // fraction lost | cumulative lost
        out.writeInt((int) extendedHighestSeq());                       // extended highest sequence number
        out.writeInt((int) Math.min(jitter, 0xFFFF_FFFFL));             // interarrival jitter
        out.writeInt(haveSenderReport ? (int) lastSrMiddle32 : 0);      // LSR
        out.writeInt(haveSenderReport ? (int) delaySinceLastSr() : 0);  // DLSR
    }

    /** RFC 3550 §6.4.1 DLSR: delay since the last SR arrived, in units of 1/65536 s, saturated at 32 bits. */
    private long delaySinceLastSr() {
        long nanos = Math.max(0, clock.monotonicNanos() - lastSrArrivalNanos);
        long units = (nanos / NANOS_PER_SECOND) * 65536 + (nanos % NANOS_PER_SECOND) * 65536 / NANOS_PER_SECOND;
        return Math.min(units, 0xFFFF_FFFFL);
    }

    /** RFC 3550 A.1 init_seq. */
    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = NO_BAD_SEQ;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
        // Not in A.1: after a restart the source's timestamps start afresh too, so the transit time of the
        // packets before says nothing about the ones after (A.8 would see one huge difference).
        haveTransit = false;
    }

    /** RFC 3550 A.1 update_seq without probation; false when the packet is set aside. */
    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & (SEQ_MOD - 1);
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;  // sequence number wrapped
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                // Two sequential packets: the source restarted without telling us; resync.
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & (SEQ_MOD - 1);
                return false;
            }
        }
        // else: a duplicate or a reordered packet, counted as received.
        return true;
    }

    /** RFC 3550 A.8: J(i) = J(i-1) + (|D(i-1,i)| - J(i-1)) / 16, in timestamp units. */
    private void updateJitter(long nowNanos, long rtpTimestamp32) {
        long elapsed = nowNanos - originNanos;
        long arrival = Math.floorDiv(elapsed, NANOS_PER_SECOND) * clockRateHz
                + Math.floorMod(elapsed, NANOS_PER_SECOND) * clockRateHz / NANOS_PER_SECOND;
        // 32-bit arithmetic as in A.8: both clocks wrap, their difference stays meaningful.
        int newTransit = (int) (arrival - rtpTimestamp32);
        if (haveTransit) {
            int d = newTransit - transit;
            jitter += (Math.abs((long) d) - jitter) / 16.0;
        }
        transit = newTransit;
        haveTransit = true;
    }

    private static void checkSsrc(long ssrc, String name) {
        if ((ssrc & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException(name + " = " + ssrc + " is not a 32-bit SSRC");
        }
    }
}
