package org.nvr.core.snapshot;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.nvr.core.h264.NalUnitType;
import org.nvr.core.h264.SpsInfo;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.VideoParameters;

/**
 * Decodes one H.264 keyframe (an IDR access unit) with JCodec's decoder, after checking its SPS with our own
 * parser: only 8-bit 4:2:0 pictures of at most {@code maxWidth} x {@code maxHeight} coded pixels are decoded, so the
 * memory and time one decode takes are bounded by the picture size.
 *
 * <p>A new JCodec decoder per picture (a decoder keeps reference pictures and parameter sets between calls, which
 * must not leak from one camera to another). Thread-safe: it holds no state besides its limits.
 */
public final class KeyframeDecoder {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final int maxWidth;
    private final int maxHeight;
    private final Field decoderThreads;

    /**
     * @param maxWidth  widest coded picture decoded, pixels (16..16384)
     * @param maxHeight tallest coded picture decoded, pixels (16..16384)
     * @throws IllegalStateException if the JCodec on the class path is not the one this class was written for
     */
    public KeyframeDecoder(int maxWidth, int maxHeight) {
        if (maxWidth < 16 || maxWidth > SpsParser.MAX_DIMENSION_PIXELS || maxHeight < 16
                || maxHeight > SpsParser.MAX_DIMENSION_PIXELS) {
            throw new IllegalArgumentException("picture limit " + maxWidth + "x" + maxHeight + " is not within 16x16.."
                    + SpsParser.MAX_DIMENSION_PIXELS + "x" + SpsParser.MAX_DIMENSION_PIXELS);
        }
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        // JCodec 0.2.5 quirk: on a machine with more than one core every H264Decoder makes a fixed pool of daemon
        // threads (used for pictures of several slices) and never shuts it down, so one decoder per snapshot would
        // leave idle threads behind for good. The pool is reached here to shut it down after each picture.
        try {
            Field field = H264Decoder.class.getDeclaredField("tp");
            field.setAccessible(true);
            if (!ExecutorService.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("H264Decoder.tp is a " + field.getType() + ", not an ExecutorService");
            }
            this.decoderThreads = field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException("this JCodec's H264Decoder has no thread pool field 'tp' (written for"
                    + " JCodec 0.2.5)", e);
        }
    }

    /**
     * Decodes {@code keyframe} with the parameter sets it carries in band, else those of {@code parameters}.
     *
     * @param parameters the stream's current parameters, or null when the keyframe carries its own
     * @throws NvrException (UNAVAILABLE) when the picture is too large, of a format not decoded here, has no
     *                      parameter sets, or cannot be decoded; the message says which
     */
    public DecodedPicture decode(VideoParameters parameters, AccessUnit keyframe) {
        Objects.requireNonNull(keyframe, "keyframe");
        if (!keyframe.keyframe()) {
            throw new IllegalArgumentException("not a keyframe: " + keyframe);
        }
        byte[] sps = lastOfType(keyframe.nalus(), NalUnitType.SPS);
        byte[] pps = lastOfType(keyframe.nalus(), NalUnitType.PPS);
        if (sps == null && parameters != null) {
            sps = parameters.sps();
        }
        if (pps == null && parameters != null) {
            pps = parameters.pps();
        }
        if (sps == null || pps == null) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the keyframe has no SPS and PPS to decode it with");
        }
        SpsInfo info;
        try {
            info = SpsParser.parse(sps);
        } catch (MalformedInputException e) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the stream's SPS is malformed: " + e.getMessage(),
                    e);
        }
        if (info.chromaFormatIdc() != 1 || info.bitDepthLuma() != 8) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "only 8-bit 4:2:0 H.264 is decoded; the stream has"
                    + " chroma_format_idc " + info.chromaFormatIdc() + ", " + info.bitDepthLuma() + "-bit luma");
        }
        // Parsed by JCodec only after our parser accepted it (JCodec trusts sizes read from the SPS).
        SeqParameterSet jcodecSps = H264Utils.readSPS(ByteBuffer.wrap(Arrays.copyOfRange(sps, 1, sps.length)));
        int codedWidth = (jcodecSps.picWidthInMbsMinus1 + 1) * 16;
        int codedHeight = SeqParameterSet.getPicHeightInMbs(jcodecSps) * 16;
        if (codedWidth > maxWidth || codedHeight > maxHeight) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the picture is " + codedWidth + "x" + codedHeight
                    + ", larger than the " + maxWidth + "x" + maxHeight + " snapshots are made of");
        }
        Picture picture = decode(annexB(sps, pps, keyframe.nalus()), codedWidth, codedHeight);
        boolean fullRange = picture.getColor() == ColorSpace.YUV420J
                || (jcodecSps.vuiParams != null && jcodecSps.vuiParams.videoFullRangeFlag);
        return new DecodedPicture(picture, fullRange ? YuvToRgb.Range.FULL : YuvToRgb.Range.LIMITED);
    }

    private Picture decode(byte[] annexB, int codedWidth, int codedHeight) {
        int lumaSamples = codedWidth * codedHeight;
        byte[][] planes = {new byte[lumaSamples], new byte[lumaSamples / 4], new byte[lumaSamples / 4]};
        H264Decoder decoder = new H264Decoder();
        Picture picture;
        try {
            picture = decoder.decodeFrame(ByteBuffer.wrap(annexB), planes);
        } catch (RuntimeException e) {
            // JCodec reports a corrupt slice with whatever its reader tripped over (index out of bounds, ...).
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the keyframe cannot be decoded: " + e, e);
        } finally {
            shutDownThreads(decoder);
        }
        if (picture == null) {
            throw new NvrException(NvrException.Kind.UNAVAILABLE, "the keyframe decoded to no picture");
        }
        return picture;
    }

    private void shutDownThreads(H264Decoder decoder) {
        try {
            Object pool = decoderThreads.get(decoder);
            if (pool != null) {
                ((ExecutorService) pool).shutdown();
            }
        } catch (IllegalAccessException e) {
            // setAccessible succeeded in the constructor, so the field is readable.
            throw new IllegalStateException("cannot read H264Decoder.tp", e);
        }
    }

    /** SPS, PPS, then the unit's other NAL units, each after a 4-byte start code (ITU-T H.264 Annex B). */
    private static byte[] annexB(byte[] sps, byte[] pps, List<byte[]> nalus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + sps.length + pps.length
                + nalus.stream().mapToInt(n -> n.length + 4).sum());
        appendNal(out, sps);
        appendNal(out, pps);
        for (byte[] nalu : nalus) {
            int type = NalUnitType.type(nalu);
            if (type != NalUnitType.SPS && type != NalUnitType.PPS) {
                appendNal(out, nalu);
            }
        }
        return out.toByteArray();
    }

    private static void appendNal(ByteArrayOutputStream out, byte[] nalu) {
        out.writeBytes(START_CODE);
        out.writeBytes(nalu);
    }

    private static byte[] lastOfType(List<byte[]> nalus, int type) {
        byte[] found = null;
        for (byte[] nalu : nalus) {
            if (NalUnitType.type(nalu) == type) {
                found = nalu;
            }
        }
        return found;
    }
}
