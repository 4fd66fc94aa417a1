package org.nvr.core.h264;

import java.util.List;

/**
 * NAL unit types (ITU-T H.264 Table 7-1) and the RTP packet types that RFC 6184 §5.2 (Table 3) puts in the
 * values H.264 leaves unspecified, with small helpers over the one-byte NAL unit header:
 * <pre>
 * +---------------+
 * |0|1|2|3|4|5|6|7|
 * +-+-+-+-+-+-+-+-+
 * |F|NRI|  Type   |
 * +---------------+
 * </pre>
 */
public final class NalUnitType {
    /** Coded slice of a non-IDR picture. */
    public static final int NON_IDR_SLICE = 1;
    /** Coded slice data partition A. */
    public static final int PARTITION_A = 2;
    /** Coded slice data partition B. */
    public static final int PARTITION_B = 3;
    /** Coded slice data partition C. */
    public static final int PARTITION_C = 4;
    /** Coded slice of an IDR picture: decoding can start here. */
    public static final int IDR = 5;
    /** Supplemental enhancement information. */
    public static final int SEI = 6;
    /** Sequence parameter set. */
    public static final int SPS = 7;
    /** Picture parameter set. */
    public static final int PPS = 8;
    /** Access unit delimiter. */
    public static final int AUD = 9;
    /** End of sequence. */
    public static final int END_OF_SEQUENCE = 10;
    /** End of stream. */
    public static final int END_OF_STREAM = 11;
    /** Filler data. */
    public static final int FILLER = 12;
    /** Sequence parameter set extension. */
    public static final int SPS_EXTENSION = 13;
    /** Prefix NAL unit (SVC). */
    public static final int PREFIX = 14;
    /** Subset sequence parameter set (SVC/MVC). */
    public static final int SUBSET_SPS = 15;
    /** Depth parameter set (3D-AVC). */
    public static final int DEPTH_PARAMETER_SET = 16;
    /** Coded slice of an auxiliary coded picture without partitioning. */
    public static final int AUXILIARY_SLICE = 19;
    /** Coded slice extension (SVC/MVC). */
    public static final int SLICE_EXTENSION = 20;
    /** Coded slice extension for a depth view component (3D-AVC). */
    public static final int SLICE_EXTENSION_DEPTH = 21;
    /** RFC 6184 §5.7.1: single-time aggregation packet. */
    public static final int STAP_A = 24;
    /** RFC 6184 §5.7.1: single-time aggregation packet with decoding order number (interleaved mode only). */
    public static final int STAP_B = 25;
    /** RFC 6184 §5.7.2: multi-time aggregation packet with 16-bit timestamp offsets (interleaved mode only). */
    public static final int MTAP16 = 26;
    /** RFC 6184 §5.7.2: multi-time aggregation packet with 24-bit timestamp offsets (interleaved mode only). */
    public static final int MTAP24 = 27;
    /** RFC 6184 §5.8: fragmentation unit without decoding order number. */
    public static final int FU_A = 28;
    /** RFC 6184 §5.8: fragmentation unit with decoding order number (interleaved mode only). */
    public static final int FU_B = 29;

    private static final String[] NAMES = {
        "unspecified(0)", "non-IDR slice", "partition A", "partition B", "partition C", "IDR slice", "SEI",
        "SPS", "PPS", "AUD", "end of sequence", "end of stream", "filler", "SPS extension", "prefix",
        "subset SPS", "depth parameter set", "reserved(17)", "reserved(18)", "auxiliary slice",
        "slice extension", "depth slice extension", "reserved(22)", "reserved(23)", "STAP-A", "STAP-B",
        "MTAP16", "MTAP24", "FU-A", "FU-B", "unspecified(30)", "unspecified(31)"
    };

    private NalUnitType() {
    }

    /** The type (low 5 bits) of a NAL unit header byte. */
    public static int type(byte headerByte) {
        return headerByte & 0x1f;
    }

    /**
     * The type of a NAL unit given without start code, header byte first.
     *
     * @throws IllegalArgumentException if {@code nalu} is empty
     */
    public static int type(byte[] nalu) {
        if (nalu.length == 0) {
            throw new IllegalArgumentException("empty NAL unit has no type");
        }
        return type(nalu[0]);
    }

    /** nal_ref_idc (the NRI bits, 0..3) of a NAL unit header byte: 0 means no other picture refers to it. */
    public static int nri(byte headerByte) {
        return (headerByte >> 5) & 0x03;
    }

    /** True when forbidden_zero_bit (F) is set: H.264 §7.4.1 requires 0, RFC 6184 §5.3 reads 1 as a bit error. */
    public static boolean forbiddenBit(byte headerByte) {
        return (headerByte & 0x80) != 0;
    }

    /** A short human-readable name of {@code type}, e.g. {@code "IDR slice"} or {@code "FU-A"}. */
    public static String name(int type) {
        if (type < 0 || type >= NAMES.length) {
            throw new IllegalArgumentException("NAL unit type " + type + " is not in 0..31");
        }
        return NAMES[type];
    }

    /** True for video coding layer types 1..5 (H.264 §7.4.1: slices and slice data partitions). */
    public static boolean isVcl(int type) {
        return type >= NON_IDR_SLICE && type <= IDR;
    }

    /** True for SPS and PPS. */
    public static boolean isParameterSet(int type) {
        return type == SPS || type == PPS;
    }

    /** True when any of {@code nalus} is an IDR slice: the access unit is a keyframe. */
    public static boolean containsIdr(List<byte[]> nalus) {
        for (byte[] nalu : nalus) {
            if (nalu.length > 0 && type(nalu[0]) == IDR) {
                return true;
            }
        }
        return false;
    }
}
