package org.nvr.storage.segment;

import java.io.ByteArrayOutputStream;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;

/**
 * The {@code AVCDecoderConfigurationRecord} carried in the {@code avcC} box (ISO/IEC 14496-15 §5.3.3.1): one SPS,
 * one PPS, and 4-byte NAL unit lengths in the samples.
 */
public final class AvcDecoderConfiguration {
    /** NAL unit length fields in samples are 4 bytes: {@code lengthSizeMinusOne} = 3. */
    public static final int LENGTH_SIZE = 4;

    private AvcDecoderConfiguration() {
    }

    /** The record's bytes (the {@code avcC} box payload) for a stream's parameters. */
    public static byte[] encode(VideoParameters parameters) {
        byte[] sps = parameters.sps();
        byte[] pps = parameters.pps();
        if (sps.length > 0xffff || pps.length > 0xffff) {
            throw new IllegalArgumentException("parameter set longer than 65535 bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + sps.length + pps.length);
        out.write(1);                            // configurationVersion
        out.write(sps[1]);                       // AVCProfileIndication = profile_idc
        out.write(sps[2]);                       // profile_compatibility = the constraint flags byte
        out.write(sps[3]);                       // AVCLevelIndication = level_idc
        out.write(0xfc | (LENGTH_SIZE - 1));     // reserved '111111'b, lengthSizeMinusOne
        out.write(0xe0 | 1);                     // reserved '111'b, numOfSequenceParameterSets
        writeU16(out, sps.length);
        out.write(sps, 0, sps.length);
        out.write(1);                            // numOfPictureParameterSets
        writeU16(out, pps.length);
        out.write(pps, 0, pps.length);
        int profile = sps[1] & 0xff;
        if (hasChromaExtension(profile)) {
            ChromaFields chroma = ChromaFields.of(sps);
            out.write(0xfc | chroma.chromaFormatIdc);        // reserved '111111'b, chroma_format
            out.write(0xf8 | chroma.bitDepthLumaMinus8);     // reserved '11111'b, bit_depth_luma_minus8
            out.write(0xf8 | chroma.bitDepthChromaMinus8);   // reserved '11111'b, bit_depth_chroma_minus8
            out.write(0);                                    // numOfSequenceParameterSetExt
        }
        return out.toByteArray();
    }

    /**
     * Reads the first SPS and PPS of a record and what the SPS says.
     *
     * @throws MalformedInputException if the record is truncated, holds no SPS or PPS, or the SPS does not parse
     */
    public static VideoParameters decode(byte[] record) {
        if (record.length < 7 || record[0] != 1) {
            throw new MalformedInputException("avcC: not an AVCDecoderConfigurationRecord version 1");
        }
        if ((record[4] & 0x03) != LENGTH_SIZE - 1) {
            throw new MalformedInputException("avcC: NAL length size " + ((record[4] & 0x03) + 1) + ", expected 4");
        }
        int spsCount = record[5] & 0x1f;
        int at = 6;
        byte[] sps = null;
        for (int i = 0; i < spsCount; i++) {
            byte[] set = readSet(record, at, "SPS");
            at += 2 + set.length;
            if (sps == null) {
                sps = set;
            }
        }
        if (at >= record.length) {
            throw new MalformedInputException("avcC: ends before numOfPictureParameterSets");
        }
        int ppsCount = record[at++] & 0xff;
        byte[] pps = null;
        for (int i = 0; i < ppsCount; i++) {
            byte[] set = readSet(record, at, "PPS");
            at += 2 + set.length;
            if (pps == null) {
                pps = set;
            }
        }
        if (sps == null || pps == null) {
            throw new MalformedInputException("avcC: needs an SPS and a PPS, has " + spsCount + " and " + ppsCount);
        }
        return SpsParser.toVideoParameters(sps, pps);
    }

    /** ISO/IEC 14496-15 §5.3.3.1.2: the chroma and bit depth fields follow for these profiles. */
    static boolean hasChromaExtension(int profileIdc) {
        return profileIdc == 100 || profileIdc == 110 || profileIdc == 122 || profileIdc == 144;
    }

    private static byte[] readSet(byte[] record, int at, String what) {
        if (at + 2 > record.length) {
            throw new MalformedInputException("avcC: ends before the " + what + " length at byte " + at);
        }
        int length = ((record[at] & 0xff) << 8) | (record[at + 1] & 0xff);
        if (length == 0 || at + 2 + length > record.length) {
            throw new MalformedInputException("avcC: " + what + " of " + length + " bytes at byte " + at
                    + " does not fit the " + record.length + "-byte record");
        }
        byte[] set = new byte[length];
        System.arraycopy(record, at + 2, set, 0, length);
        return set;
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    /**
     * The first fields of a High-profile SPS (H.264 §7.3.2.1.1): {@code seq_parameter_set_id},
     * {@code chroma_format_idc}, {@code separate_colour_plane_flag}, {@code bit_depth_luma_minus8},
     * {@code bit_depth_chroma_minus8}. nvr-core's SpsParser does not expose the chroma bit depth.
     */
    private record ChromaFields(int chromaFormatIdc, int bitDepthLumaMinus8, int bitDepthChromaMinus8) {
        static ChromaFields of(byte[] sps) {
            BitReader bits = new BitReader(unescape(sps));
            bits.skip(32);  // NAL header, profile_idc, constraint flags, level_idc
            bits.ue();      // seq_parameter_set_id
            int chroma = bits.ue();
            if (chroma > 3) {
                throw new MalformedInputException("SPS chroma_format_idc " + chroma + " is outside 0..3");
            }
            if (chroma == 3) {
                bits.skip(1);   // separate_colour_plane_flag
            }
            int luma = bits.ue();
            int chromaDepth = bits.ue();
            if (luma > 6 || chromaDepth > 6) {
                throw new MalformedInputException("SPS bit depth above 14");
            }
            return new ChromaFields(chroma, luma, chromaDepth);
        }

        /** H.264 §7.4.1: drops the emulation prevention byte of each {@code 00 00 03}. */
        private static byte[] unescape(byte[] nalu) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(nalu.length);
            int zeros = 0;
            for (byte b : nalu) {
                if (zeros >= 2 && b == 3) {
                    zeros = 0;
                    continue;
                }
                zeros = b == 0 ? zeros + 1 : 0;
                out.write(b);
            }
            return out.toByteArray();
        }
    }

    /** Exp-Golomb reading (H.264 §9.1) over the few bits needed here; past the end reads fail. */
    private static final class BitReader {
        private final byte[] data;
        private long position;

        BitReader(byte[] data) {
            this.data = data;
        }

        void skip(int bits) {
            position += bits;
        }

        int bit() {
            if (position >= 8L * data.length) {
                throw new MalformedInputException("SPS ends inside its chroma fields");
            }
            int b = (data[(int) (position >>> 3)] >> (7 - (int) (position & 7))) & 1;
            position++;
            return b;
        }

        int ue() {
            int leadingZeros = 0;
            while (bit() == 0) {
                if (++leadingZeros > 31) {
                    throw new MalformedInputException("SPS: Exp-Golomb code longer than 32 bits");
                }
            }
            long value = 0;
            for (int i = 0; i < leadingZeros; i++) {
                value = (value << 1) | bit();
            }
            return (int) Math.min(Integer.MAX_VALUE, (1L << leadingZeros) - 1 + value);
        }
    }
}
