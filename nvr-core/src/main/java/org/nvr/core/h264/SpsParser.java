package org.nvr.core.h264;

import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

/**
 * Parses an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) up to {@code vui_parameters_present_flag}.
 *
 * <p>Written here rather than taken from JCodec's {@code SeqParameterSet.read}, which the tests use as an oracle:
 * JCodec 0.2.5 reads zeros past the end of a truncated SPS (a 2-byte SPS parses as a 16x16 picture) and sizes an
 * array by {@code num_ref_frames_in_pic_order_cnt_cycle} straight from the input, so a hostile SPS could exhaust
 * the heap. This parser bounds every field and rejects a truncated SPS.
 */
public final class SpsParser {
    /** Largest width or height accepted, in pixels (H.264 level 6.2 allows at most 8192 x 4320). */
    public static final int MAX_DIMENSION_PIXELS = 16384;

    private SpsParser() {
    }

    /**
     * Reads an SPS NAL unit given without start code, header byte first.
     *
     * @throws MalformedInputException if it is not an SPS, is truncated, or has a field out of range
     */
    public static SpsInfo parse(byte[] sps) {
        if (sps.length < 4 || NalUnitType.type(sps[0]) != NalUnitType.SPS || NalUnitType.forbiddenBit(sps[0])) {
            throw new MalformedInputException("not an SPS NAL unit: " + describe(sps));
        }
        RbspReader r = new RbspReader(RbspReader.unescape(sps, 1), "SPS");
        int profileIdc = r.readBits(8, "profile_idc");
        int constraintFlags = r.readBits(8, "constraint flags");
        int levelIdc = r.readBits(8, "level_idc");
        int spsId = r.readUe("seq_parameter_set_id", 0, 31);
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        int bitDepthLuma = 8;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.readUe("chroma_format_idc", 0, 3);
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.readFlag("separate_colour_plane_flag");
            }
            bitDepthLuma = 8 + r.readUe("bit_depth_luma_minus8", 0, 6);
            r.readUe("bit_depth_chroma_minus8", 0, 6);
            r.readFlag("qpprime_y_zero_transform_bypass_flag");
            if (r.readFlag("seq_scaling_matrix_present_flag")) {
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag("seq_scaling_list_present_flag")) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.readUe("log2_max_frame_num_minus4", 0, 12);
        int picOrderCntType = r.readUe("pic_order_cnt_type", 0, 2);
        if (picOrderCntType == 0) {
            r.readUe("log2_max_pic_order_cnt_lsb_minus4", 0, 12);
        } else if (picOrderCntType == 1) {
            r.readFlag("delta_pic_order_always_zero_flag");
            r.readSe("offset_for_non_ref_pic");
            r.readSe("offset_for_top_to_bottom_field");
            int cycle = r.readUe("num_ref_frames_in_pic_order_cnt_cycle", 0, 255);
            for (int i = 0; i < cycle; i++) {
                r.readSe("offset_for_ref_frame");
            }
        }
        r.readUe("max_num_ref_frames", 0, 16);
        r.readFlag("gaps_in_frame_num_value_allowed_flag");
        int widthInMbs = r.readUe("pic_width_in_mbs_minus1", 0, MAX_DIMENSION_PIXELS / 16 - 1) + 1;
        int heightInMapUnits = r.readUe("pic_height_in_map_units_minus1", 0, MAX_DIMENSION_PIXELS / 16 - 1) + 1;
        boolean frameMbsOnly = r.readFlag("frame_mbs_only_flag");
        if (!frameMbsOnly) {
            r.readFlag("mb_adaptive_frame_field_flag");
        }
        r.readFlag("direct_8x8_inference_flag");
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.readFlag("frame_cropping_flag")) {
            cropLeft = r.readUe("frame_crop_left_offset", 0, MAX_DIMENSION_PIXELS);
            cropRight = r.readUe("frame_crop_right_offset", 0, MAX_DIMENSION_PIXELS);
            cropTop = r.readUe("frame_crop_top_offset", 0, MAX_DIMENSION_PIXELS);
            cropBottom = r.readUe("frame_crop_bottom_offset", 0, MAX_DIMENSION_PIXELS);
        }
        // Read so that an SPS cut off just before its VUI is rejected too.
        r.readFlag("vui_parameters_present_flag");

        // H.264 §7.4.2.1.1: crop units depend on ChromaArrayType and on whether pictures may be fields.
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int subWidthC = chromaFormatIdc == 3 ? 1 : 2;
        int subHeightC = chromaFormatIdc == 1 ? 2 : 1;
        int fieldFactor = frameMbsOnly ? 1 : 2;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * fieldFactor;
        long width = 16L * widthInMbs - (long) cropUnitX * (cropLeft + cropRight);
        long height = 16L * fieldFactor * heightInMapUnits - (long) cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0 || height > MAX_DIMENSION_PIXELS) {
            throw new MalformedInputException("SPS: frame cropping leaves a " + width + "x" + height + " picture of "
                    + 16 * widthInMbs + "x" + 16L * fieldFactor * heightInMapUnits);
        }
        return new SpsInfo(profileIdc, constraintFlags, levelIdc, spsId, chromaFormatIdc, bitDepthLuma,
                frameMbsOnly, (int) width, (int) height);
    }

    /**
     * The stream's codec parameters from its SPS and PPS (both without start codes, header byte first).
     *
     * @throws MalformedInputException if the SPS does not parse or the PPS is not a PPS NAL unit
     */
    public static VideoParameters toVideoParameters(byte[] sps, byte[] pps) {
        SpsInfo info = parse(sps);
        if (pps.length < 2 || NalUnitType.type(pps[0]) != NalUnitType.PPS || NalUnitType.forbiddenBit(pps[0])) {
            throw new MalformedInputException("not a PPS NAL unit: " + describe(pps));
        }
        return new VideoParameters(sps, pps, info.width(), info.height(), info.profileIdc(), info.levelIdc());
    }

    /** H.264 §7.3.2.1.1: these profiles carry chroma format, bit depths and scaling matrices in the SPS. */
    private static boolean hasChromaInfo(int profileIdc) {
        switch (profileIdc) {
            case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128: case 138:
            case 139: case 134: case 135:
                return true;
            default:
                return false;
        }
    }

    /** H.264 §7.3.2.1.1.1 scaling_list(): only read past, the NVR does not decode. */
    private static void skipScalingList(RbspReader r, int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size; j++) {
            if (nextScale != 0) {
                int delta = r.readSe("delta_scale");
                if (delta < -128 || delta > 127) {
                    throw new MalformedInputException("SPS: delta_scale " + delta + " is outside -128..127");
                }
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    private static String describe(byte[] nalu) {
        if (nalu.length == 0) {
            return "0 bytes";
        }
        return nalu.length + " bytes, header 0x" + Integer.toHexString(nalu[0] & 0xff) + " ("
                + NalUnitType.name(NalUnitType.type(nalu[0])) + ")";
    }
}
