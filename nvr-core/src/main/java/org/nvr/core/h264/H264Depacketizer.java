package org.nvr.core.h264;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.nvr.core.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the RTP packets of one H.264 stream into access units (RFC 6184, packetization-mode 0 and 1).
 *
 * <p>Accepted payloads: single NAL unit packets (types 1..23, §5.6), STAP-A (24, §5.7.1) and FU-A (28, §5.8).
 * STAP-B, MTAP16, MTAP24 and FU-B exist only in the interleaved packetization-mode 2, which is not supported: they
 * are counted as malformed and drop the access unit being built.
 *
 * <p>Access unit boundaries: the marker bit ends an access unit (§5.1), but only on a packet that carries a VCL
 * NAL unit, because some cameras also set it on packets holding only parameter sets (TP-Link Tapo TC70 marks
 * both SPS and PPS, Reolink Duo 2 marks the SPS; noted by go2rtc's {@code pkg/h264/rtp.go}). A change of RTP
 * timestamp always ends the pending access unit, for cameras that never set the marker; NAL units without a
 * picture (SPS, PPS, SEI or AUD sent with a timestamp of their own) are then carried into the next unit rather
 * than delivered alone. When one packet ends two units (a timestamp change ends one and its marker the next),
 * the second is delivered on the following call.
 *
 * <p>Loss: a gap in sequence numbers (16-bit, wrapping) drops the access unit being built and the one the packet
 * after the gap belongs to, and then every access unit until one that holds an IDR slice, because the decoder's
 * references are gone. Malformed input (an FU-A continuation without its start, a new start while a fragmented NAL
 * unit is open, an FU-A that never ends, an access unit over {@code maxAccessUnitBytes} or
 * {@code maxNalUnitsPerAccessUnit}) does the same. After construction and after {@link #reset()}, delivery
 * starts at the first access unit with an IDR slice, as a decoder must start at a keyframe.
 *
 * <p>Packets must arrive in sequence order (over UDP, after the reorder buffer). A repeated sequence number is
 * ignored as a duplicate. A jump forward of more than 3000 (RFC 3550 §A.1's MAX_DROPOUT) or any jump back is
 * taken as the sender restarting its numbering: the stream resynchronizes at the next IDR without counting lost
 * packets.
 *
 * <p>Memory and copies: each video byte is copied once, into an array of its NAL unit's exact size. Single NAL
 * unit packets and STAP-A aggregation units are copied when they arrive; an FU-A fragmented NAL unit's size is
 * only known at its last fragment, so its earlier fragments are held in their packets' payload buffers, retained
 * (at most {@code maxRetainedFragments} at once, see {@code FragmentedNalUnit}), and copied when it ends. Only
 * absolute reads and {@link ByteBuf#retain()} touch the packet's payload; the caller keeps its own reference and
 * must not write into the bytes of a pushed packet afterwards (Netty's decoders do not: they compact a
 * cumulation buffer only while nobody else holds it). The held buffers are released when the NAL unit ends, when
 * its access unit is dropped, on {@link #reset()} and on {@link #close()}.
 *
 * <p>Not thread-safe: one instance per stream, called from its event loop. The counters may be read from any
 * thread.
 */
public final class H264Depacketizer implements AutoCloseable {
    /** Default largest access unit: 4 MiB, far above a 4K camera's IDR picture. */
    public static final int DEFAULT_MAX_ACCESS_UNIT_BYTES = 4 << 20;
    /** Default most NAL units in one access unit (cameras send a few slices plus SPS, PPS, SEI). */
    public static final int DEFAULT_MAX_NAL_UNITS_PER_ACCESS_UNIT = 256;
    /**
     * Default most FU-A packet buffers held at once: 256 fragments of 1400 bytes make a 350 KiB NAL unit copied
     * once; over UDP each held buffer pins a whole datagram buffer (16 KiB in {@code UdpMediaChannels}), so at
     * most 4 MiB.
     */
    public static final int DEFAULT_MAX_RETAINED_FRAGMENTS = 256;

    private static final Logger log = LoggerFactory.getLogger(H264Depacketizer.class);
    /** RFC 3550 §A.1 MAX_DROPOUT: a larger jump forward (or any jump back) is a restart of the numbering. */
    private static final int MAX_DROPOUT = 3000;
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;

    private final int maxAccessUnitBytes;
    private final int maxNalUnitsPerAccessUnit;

    /** The complete NAL units of the access unit being built, each in its own exact-size array. */
    private final byte[][] nalus;
    private int nalCount;
    /** Bytes of the access unit being built: complete NAL units plus the fragmented one's bytes so far. */
    private int auBytes;
    private final FragmentedNalUnit fragment;
    private boolean closed;

    private boolean auActive;
    private long auTimestamp;
    private boolean auHasVcl;
    private boolean auHasIdr;
    /** The rest of the access unit at {@code auTimestamp} is being thrown away (loss or malformed input). */
    private boolean skipping;
    /** A marker ended the access unit, but it is delivered on the next call (this call already delivered one). */
    private boolean endPending;
    private boolean waitingForIdr = true;
    private int lastSequence = -1;
    private int currentSequence;
    /** No packet since construction or reset: the session may have started in the middle of a NAL unit. */
    private boolean firstPacket = true;

    private volatile long lostPackets;
    private volatile long droppedFrames;
    private volatile long malformedPackets;
    private volatile long completedFrames;

    /** A depacketizer with the default limits. */
    public H264Depacketizer() {
        this(DEFAULT_MAX_ACCESS_UNIT_BYTES, DEFAULT_MAX_NAL_UNITS_PER_ACCESS_UNIT);
    }

    /**
     * @param maxAccessUnitBytes       largest access unit, summed NAL unit sizes; default 4 MiB
     * @param maxNalUnitsPerAccessUnit most NAL units in one access unit; default 256
     */
    public H264Depacketizer(int maxAccessUnitBytes, int maxNalUnitsPerAccessUnit) {
        this(maxAccessUnitBytes, maxNalUnitsPerAccessUnit, DEFAULT_MAX_RETAINED_FRAGMENTS);
    }

    /**
     * @param maxAccessUnitBytes       largest access unit, summed NAL unit sizes; default 4 MiB
     * @param maxNalUnitsPerAccessUnit most NAL units in one access unit; default 256
     * @param maxRetainedFragments     most FU-A packet buffers held while a NAL unit is reassembled; past that
     *                                 they are copied aside (a second copy of those bytes); default 256
     */
    public H264Depacketizer(int maxAccessUnitBytes, int maxNalUnitsPerAccessUnit, int maxRetainedFragments) {
        if (maxAccessUnitBytes <= 0 || maxNalUnitsPerAccessUnit <= 0 || maxRetainedFragments <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxAccessUnitBytes=" + maxAccessUnitBytes
                    + ", maxNalUnitsPerAccessUnit=" + maxNalUnitsPerAccessUnit
                    + ", maxRetainedFragments=" + maxRetainedFragments);
        }
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.maxNalUnitsPerAccessUnit = maxNalUnitsPerAccessUnit;
        this.nalus = new byte[maxNalUnitsPerAccessUnit][];
        this.fragment = new FragmentedNalUnit(maxRetainedFragments, maxAccessUnitBytes);
    }

    /**
     * Takes the next packet of the stream, in sequence order.
     *
     * @return the access unit this packet completed (or the one a previous packet completed, see the class
     *         comment), or null; always null after {@link #close()}
     */
    public DepacketizedFrame push(RtpPacket packet) {
        if (closed) {
            // The session is over; a packet still in flight must not be held again.
            return null;
        }
        DepacketizedFrame out = null;
        if (endPending) {
            endPending = false;
            out = finish();
        }
        currentSequence = packet.sequenceNumber();
        long timestamp = packet.timestamp();
        int lost = sequenceGap(currentSequence);
        if (lost < 0) {
            return out;
        }
        if (lost > 0) {
            if (auActive && timestamp != auTimestamp) {
                abandon();
            }
            begin(timestamp);
            dropRest();
        } else if (auActive && timestamp != auTimestamp) {
            if (auHasVcl || skipping || fragment.isOpen()) {
                out = finish();
            } else {
                // Parameter sets or SEI with a timestamp of their own: they belong to the next picture.
                auTimestamp = timestamp;
            }
        }
        begin(timestamp);
        ByteBuf payload = packet.payload();
        boolean vcl = carriesVcl(payload);
        if (!skipping) {
            append(payload);
        }
        firstPacket = false;
        // RFC 6184 §5.1: the marker is set on the last packet of an access unit.
        if (packet.marker() && vcl) {
            if (out == null) {
                out = finish();
            } else {
                endPending = true;
            }
        }
        return out;
    }

    /**
     * Forgets the access unit being built and the sequence state, for a new session or reconnect; delivery starts
     * again at the next IDR. The counters keep counting.
     */
    public void reset() {
        clearAccessUnit();
        endPending = false;
        lastSequence = -1;
        waitingForIdr = true;
        firstPacket = true;
    }

    /**
     * Releases the packet buffers held for the access unit being built and ignores every later packet. Call it when
     * the stream's session ends. Idempotent; the counters keep their values.
     */
    @Override
    public void close() {
        closed = true;
        clearAccessUnit();
        endPending = false;
    }

    /** Packets missing from the sequence numbers seen, counted by sequence distance. */
    public long lostPackets() {
        return lostPackets;
    }

    /** Access units thrown away: those hit by loss or malformed input, then each one before the next IDR. */
    public long droppedFrames() {
        return droppedFrames;
    }

    /** Packets that broke RFC 6184 or a limit. */
    public long malformedPackets() {
        return malformedPackets;
    }

    /** Access units delivered. */
    public long completedFrames() {
        return completedFrames;
    }

    /** True while access units are being dropped until one with an IDR slice arrives. */
    public boolean waitingForKeyframe() {
        return waitingForIdr;
    }

    /**
     * Packets lost before {@code sequence}: 0 when it is the next one, -1 for a duplicate to ignore, and
     * {@link Integer#MAX_VALUE} for a jump taken as the sender restarting its numbering (handled as loss, not
     * counted).
     */
    private int sequenceGap(int sequence) {
        int last = lastSequence;
        if (last < 0) {
            lastSequence = sequence;
            return 0;
        }
        // RFC 3550 §A.1: sequence numbers are compared modulo 2^16, so 65535 -> 0 is the next packet.
        int delta = (sequence - last) & 0xffff;
        if (delta == 0) {
            return -1;
        }
        lastSequence = sequence;
        if (delta == 1) {
            return 0;
        }
        if (delta <= MAX_DROPOUT) {
            lostPackets += delta - 1;
            log.debug("{} RTP packets lost before sequence number {}", delta - 1, sequence);
            return delta - 1;
        }
        log.debug("RTP sequence number jumped from {} to {}: taken as a restart, resynchronizing", last, sequence);
        return Integer.MAX_VALUE;
    }

    private void begin(long timestamp) {
        if (!auActive) {
            auActive = true;
            auTimestamp = timestamp;
        }
    }

    /** Drops the access unit being built, if any, and ends it. */
    private void abandon() {
        if (!skipping) {
            droppedFrames++;
        }
        waitingForIdr = true;
        clearAccessUnit();
    }

    /** Drops the access unit being built and ignores the rest of its packets; waits for the next IDR. */
    private void dropRest() {
        if (!skipping) {
            droppedFrames++;
        }
        clearNalUnits();
        auHasVcl = false;
        auHasIdr = false;
        skipping = true;
        waitingForIdr = true;
    }

    private void malformed(String what) {
        malformedPackets++;
        log.debug("Malformed H.264 RTP packet, sequence number {}: {}", currentSequence, what);
        dropRest();
    }

    private void clearAccessUnit() {
        clearNalUnits();
        auActive = false;
        auHasVcl = false;
        auHasIdr = false;
        skipping = false;
    }

    /** Forgets the NAL units gathered (dropping the references to their arrays) and releases the held buffers. */
    private void clearNalUnits() {
        Arrays.fill(nalus, 0, nalCount, null);
        nalCount = 0;
        auBytes = 0;
        fragment.clear();
    }

    /** Ends the access unit being built; returns it if it is complete and decodable. */
    private DepacketizedFrame finish() {
        try {
            if (skipping) {
                return null;
            }
            if (fragment.isOpen()) {
                // RFC 6184 §5.8: the last fragment of a NAL unit has the E bit; without it the unit is incomplete.
                malformed("FU-A fragmented NAL unit did not end before its access unit did");
                return null;
            }
            if (nalCount == 0) {
                return null;
            }
            if (waitingForIdr && !auHasIdr) {
                droppedFrames++;
                return null;
            }
            List<byte[]> units = nalCount == 1 ? List.of(nalus[0]) : Arrays.asList(Arrays.copyOf(nalus, nalCount));
            waitingForIdr = false;
            completedFrames++;
            return new DepacketizedFrame(auTimestamp, auHasIdr, units);
        } finally {
            clearAccessUnit();
        }
    }

    private void append(ByteBuf payload) {
        int length = payload.readableBytes();
        int base = payload.readerIndex();
        if (length == 0) {
            malformed("empty payload");
            return;
        }
        byte header = payload.getByte(base);
        if (NalUnitType.forbiddenBit(header)) {
            // RFC 6184 §5.3: F = 1 signals a syntax violation or bit error; such a unit cannot be decoded.
            malformed("forbidden_zero_bit set in NAL unit header 0x" + Integer.toHexString(header & 0xff));
            return;
        }
        int type = NalUnitType.type(header);
        if (type >= NalUnitType.NON_IDR_SLICE && type <= 23) {
            if (fragment.isOpen()) {
                malformed("single NAL unit packet inside a fragmented NAL unit");
                return;
            }
            addNal(payload, base, length);
        } else if (type == NalUnitType.STAP_A) {
            appendStapA(payload, base, length);
        } else if (type == NalUnitType.FU_A) {
            appendFuA(payload, base, length, header);
        } else if (type == NalUnitType.STAP_B || type == NalUnitType.MTAP16 || type == NalUnitType.MTAP24
                || type == NalUnitType.FU_B) {
            malformed(NalUnitType.name(type) + " is only used in interleaved packetization-mode 2, not supported");
        } else {
            // RFC 6184 Table 3: types 0, 30 and 31 are reserved; nothing in them belongs to the picture.
            malformedPackets++;
            log.debug("Ignoring H.264 RTP packet of reserved type {}, sequence number {}", type, currentSequence);
        }
    }

    /**
     * RFC 6184 §5.7.1, STAP-A:
     * <pre>
     * | STAP-A NAL HDR | NALU 1 Size (16) | NALU 1 HDR | NALU 1 Data ... | NALU 2 Size | NALU 2 HDR | ...
     * </pre>
     */
    private void appendStapA(ByteBuf payload, int base, int length) {
        if (fragment.isOpen()) {
            malformed("STAP-A inside a fragmented NAL unit");
            return;
        }
        int offset = 1;
        if (length == offset) {
            malformed("STAP-A without aggregation units");
            return;
        }
        while (offset < length) {
            if (length - offset < 2) {
                malformed("STAP-A truncated in a NAL unit size field at byte " + offset);
                return;
            }
            int size = payload.getUnsignedShort(base + offset);
            offset += 2;
            if (size == 0 || size > length - offset) {
                malformed("STAP-A NAL unit size " + size + " at byte " + (offset - 2) + " does not fit the "
                        + (length - offset) + " bytes left");
                return;
            }
            byte inner = payload.getByte(base + offset);
            int innerType = NalUnitType.type(inner);
            // Aggregation units hold H.264 NAL units (types 1..23), never another packet type.
            if (NalUnitType.forbiddenBit(inner) || innerType == 0 || innerType > 23) {
                malformed("STAP-A holds a NAL unit with header 0x" + Integer.toHexString(inner & 0xff));
                return;
            }
            if (!addNal(payload, base + offset, size)) {
                return;
            }
            offset += size;
        }
    }

    /**
     * RFC 6184 §5.8, FU-A: FU indicator {@code F|NRI|28}, FU header {@code S|E|R|Type}, fragment. The NAL unit's
     * header is rebuilt from the indicator's F and NRI and the FU header's type.
     */
    private void appendFuA(ByteBuf payload, int base, int length, byte indicator) {
        if (length < 2) {
            malformed("FU-A without FU header");
            return;
        }
        int fuHeader = payload.getUnsignedByte(base + 1);
        boolean start = (fuHeader & FU_START) != 0;
        boolean end = (fuHeader & FU_END) != 0;
        int type = fuHeader & 0x1f;
        int fragmentBytes = length - 2;
        if (start && end) {
            // RFC 6184 §5.8: a NAL unit small enough for one packet must not be sent as a single FU.
            malformed("FU-A with both S and E bits set");
            return;
        }
        if (type == 0 || type > 23) {
            malformed("FU-A fragments a NAL unit of type " + type);
            return;
        }
        if (start) {
            if (fragment.isOpen()) {
                malformed("FU-A start while the previous fragmented NAL unit is still open");
                return;
            }
            if (nalCount == maxNalUnitsPerAccessUnit) {
                malformed("access unit exceeds " + maxNalUnitsPerAccessUnit + " NAL units");
                return;
            }
            if (!ensureRoom(1 + fragmentBytes)) {
                return;
            }
            auBytes += 1;
            fragment.start((byte) ((indicator & 0xe0) | type));
            noteType(type);
        } else {
            if (!fragment.isOpen()) {
                if (firstPacket) {
                    // Joined in the middle of a fragmented NAL unit: nothing wrong with the stream.
                    dropRest();
                } else {
                    malformed("FU-A continuation without a start fragment");
                }
                return;
            }
            if (type != fragment.type()) {
                malformed("FU-A fragment of type " + type + " continues a NAL unit of type " + fragment.type());
                return;
            }
            if (!ensureRoom(fragmentBytes)) {
                return;
            }
        }
        auBytes += fragmentBytes;
        if (end) {
            nalus[nalCount++] = fragment.finish(payload, base + 2, fragmentBytes);
        } else {
            fragment.add(payload, base + 2, fragmentBytes);
        }
    }

    private boolean addNal(ByteBuf payload, int index, int size) {
        if (nalCount == maxNalUnitsPerAccessUnit) {
            malformed("access unit exceeds " + maxNalUnitsPerAccessUnit + " NAL units");
            return false;
        }
        if (!ensureRoom(size)) {
            return false;
        }
        byte[] nalu = new byte[size];
        payload.getBytes(index, nalu);
        nalus[nalCount++] = nalu;
        auBytes += size;
        noteType(NalUnitType.type(nalu[0]));
        return true;
    }

    private void noteType(int type) {
        auHasVcl |= NalUnitType.isVcl(type);
        auHasIdr |= type == NalUnitType.IDR;
    }

    /** True if the access unit may take {@code bytes} more; otherwise drops it as malformed. */
    private boolean ensureRoom(int bytes) {
        if (bytes > maxAccessUnitBytes - auBytes) {
            malformed("access unit exceeds " + maxAccessUnitBytes + " bytes");
            return false;
        }
        return true;
    }

    /** True when the packet holds (part of) a slice: only then does its marker end the access unit. */
    private static boolean carriesVcl(ByteBuf payload) {
        int length = payload.readableBytes();
        if (length == 0) {
            return false;
        }
        int base = payload.readerIndex();
        int type = NalUnitType.type(payload.getByte(base));
        if (type <= 23) {
            return NalUnitType.isVcl(type);
        }
        if (type == NalUnitType.FU_A || type == NalUnitType.FU_B) {
            return length >= 2 && NalUnitType.isVcl(NalUnitType.type(payload.getByte(base + 1)));
        }
        if (type == NalUnitType.STAP_A) {
            int offset = 1;
            while (length - offset >= 3) {
                int size = payload.getUnsignedShort(base + offset);
                offset += 2;
                if (size == 0 || size > length - offset) {
                    return false;
                }
                if (NalUnitType.isVcl(NalUnitType.type(payload.getByte(base + offset)))) {
                    return true;
                }
                offset += size;
            }
        }
        return false;
    }
}
