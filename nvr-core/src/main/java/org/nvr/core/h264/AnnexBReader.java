package org.nvr.core.h264;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nvr.core.model.MalformedInputException;

/**
 * Reads an Annex B byte stream held in memory (a test file, the demo camera's clip) one access unit at a time.
 *
 * <p>Access unit boundaries follow H.264 §7.4.1.2.3, simplified: once the unit being gathered holds a VCL NAL
 * unit, the next access unit starts at an access unit delimiter, SPS, PPS, SEI, a type 14..18 NAL unit, or a
 * slice (types 1, 2, 5) whose {@code first_mb_in_slice} is 0. Slices of one picture with other
 * {@code first_mb_in_slice} values stay together. The finer rules for redundant pictures and for telling two
 * pictures apart by {@code frame_num}, {@code pic_parameter_set_id} or POC when an encoder sends arbitrary
 * slice order are not applied.
 *
 * <p>Bounded: an access unit larger than {@code maxAccessUnitBytes} or with more than
 * {@code maxNalUnitsPerAccessUnit} NAL units raises {@link MalformedInputException}. Not thread-safe.
 */
public final class AnnexBReader {
    /** Default largest access unit, NAL unit payload bytes: 4 MiB, far above a 4K camera's IDR picture. */
    public static final int DEFAULT_MAX_ACCESS_UNIT_BYTES = 4 << 20;
    /** Default most NAL units in one access unit. */
    public static final int DEFAULT_MAX_NAL_UNITS_PER_ACCESS_UNIT = 256;

    private final byte[] stream;
    private final int maxAccessUnitBytes;
    private final int maxNalUnitsPerAccessUnit;
    private final int firstPayload;
    /** Start of the next unread NAL unit's bytes (after its start code), or -1 at the end of the stream. */
    private int payload;

    /** A reader with the default limits. */
    public AnnexBReader(byte[] stream) {
        this(stream, DEFAULT_MAX_ACCESS_UNIT_BYTES, DEFAULT_MAX_NAL_UNITS_PER_ACCESS_UNIT);
    }

    /**
     * @param stream                   the whole byte stream; not copied, so the caller must not change it
     * @param maxAccessUnitBytes       largest access unit, summed NAL unit sizes without start codes
     * @param maxNalUnitsPerAccessUnit most NAL units in one access unit
     * @throws MalformedInputException if non-zero bytes come before the first start code
     */
    public AnnexBReader(byte[] stream, int maxAccessUnitBytes, int maxNalUnitsPerAccessUnit) {
        if (maxAccessUnitBytes <= 0 || maxNalUnitsPerAccessUnit <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxAccessUnitBytes=" + maxAccessUnitBytes
                    + ", maxNalUnitsPerAccessUnit=" + maxNalUnitsPerAccessUnit);
        }
        this.stream = stream;
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.maxNalUnitsPerAccessUnit = maxNalUnitsPerAccessUnit;
        this.firstPayload = AnnexB.firstPayload(stream);
        this.payload = firstPayload;
    }

    /**
     * The next access unit's NAL units (without start codes, in stream order), or null at the end of the stream.
     * The last unit of a stream may hold no VCL NAL unit (a stream that ends with parameter sets).
     *
     * @throws MalformedInputException if the unit exceeds a limit; the next call resumes with the NAL unit that
     *                                 did not fit
     */
    public List<byte[]> next() {
        List<byte[]> nalus = new ArrayList<>();
        int bytes = 0;
        boolean hasVcl = false;
        while (payload >= 0) {
            int next = AnnexB.findStartCode(stream, payload, stream.length);
            int end = AnnexB.trimTrailingZeros(stream, payload, next < 0 ? stream.length : next);
            int nextPayload = next < 0 ? -1 : next + AnnexB.START_CODE_PREFIX_BYTES;
            if (end == payload) {
                payload = nextPayload;
                continue;
            }
            int type = NalUnitType.type(stream[payload]);
            if (hasVcl && startsAccessUnit(type, payload, end)) {
                break;
            }
            int size = end - payload;
            if (nalus.size() == maxNalUnitsPerAccessUnit || size > maxAccessUnitBytes - bytes) {
                throw new MalformedInputException("Annex B access unit before byte offset " + payload
                        + " exceeds " + maxNalUnitsPerAccessUnit + " NAL units or " + maxAccessUnitBytes + " bytes");
            }
            nalus.add(Arrays.copyOfRange(stream, payload, end));
            bytes += size;
            hasVcl |= NalUnitType.isVcl(type);
            payload = nextPayload;
        }
        return nalus.isEmpty() ? null : nalus;
    }

    /** Goes back to the first access unit (the demo camera loops its clip). */
    public void rewind() {
        payload = firstPayload;
    }

    /** H.264 §7.4.1.2.3: would this NAL unit, after a VCL NAL unit, be the first of a new access unit? */
    private boolean startsAccessUnit(int type, int start, int end) {
        switch (type) {
            case NalUnitType.AUD:
            case NalUnitType.SPS:
            case NalUnitType.PPS:
            case NalUnitType.SEI:
            case NalUnitType.PREFIX:
            case NalUnitType.SUBSET_SPS:
            case NalUnitType.DEPTH_PARAMETER_SET:
            case 17:
            case 18:
                return true;
            case NalUnitType.NON_IDR_SLICE:
            case NalUnitType.PARTITION_A:
            case NalUnitType.IDR:
                // first_mb_in_slice is ue(v), the first field of the slice header; it is 0 exactly when its
                // first bit is 1. That byte follows the NAL header, so it is never an emulation prevention byte.
                return end - start >= 2 && (stream[start + 1] & 0x80) != 0;
            default:
                return false;
        }
    }
}
