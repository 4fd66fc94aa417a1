package org.nvr.storage.segment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nvr.core.model.VideoParameters;

/**
 * The boxes (ISO/IEC 14496-12) that a segment file's {@code moov} and an export's {@code moov} write alike: the
 * {@code ftyp}, the video track's handler, media headers, empty sample tables and {@code avc1} sample entry, and the
 * {@code trex}. One place, so that a segment and an export of it describe the video in the same bytes.
 */
public final class MovieBoxes {
    /**
     * Brands (§4.3): major {@code iso6}; compatible {@code iso6} (we put a {@code tfdt} in every fragment, the
     * signal ffmpeg's movenc uses), {@code iso5} (required for the {@code tfhd} default-base-is-moof flag),
     * {@code isom} (generic readers), {@code avc1} (ISO/IEC 14496-15 AVC storage), {@code mp41} (older MP4 players).
     * ffmpeg, VLC and Chromium's MSE parser accept these; none of them rejects a file over its brands.
     */
    private static final String[] BRANDS = {"iso6", "iso5", "isom", "avc1", "mp41"};
    private static final String MAJOR_BRAND = "iso6";
    /** §8.2.2 / §8.3.2 unity transformation matrix: 16.16 fixed point, with w in 2.30. */
    private static final long[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
    /** ISO 639-2/T "und", packed as three 5-bit letters minus 0x60 (§8.4.2.3), for {@code mdhd}. */
    public static final int LANGUAGE_UND = 0x55c4;
    /** VisualSampleEntry width and height are 16 bits (§12.1.3). */
    private static final int MAX_DIMENSION = 0xffff;

    private MovieBoxes() {
    }

    /** §4.3 {@code ftyp} with {@link #BRANDS}, minor version 0. */
    public static void ftyp(BoxWriter w) {
        w.begin("ftyp").fourCc(MAJOR_BRAND).u32(0);
        for (String brand : BRANDS) {
            w.fourCc(brand);
        }
        w.end();
    }

    /** The §8.2.2 / §8.3.2 {@code matrix} field of {@code mvhd} and {@code tkhd}: the unity transformation. */
    public static void unityMatrix(BoxWriter w) {
        for (long value : UNITY_MATRIX) {
            w.u32(value);
        }
    }

    /** §8.4.3 {@code hdlr} of a video track, named "VideoHandler". */
    public static void videoHandler(BoxWriter w) {
        w.beginFull("hdlr", 0, 0).u32(0).fourCc("vide").zeros(12).bytes(nulTerminated("VideoHandler")).end();
    }

    /**
     * The first boxes of a video track's {@code minf}: §12.1.2 {@code vmhd} (flags 1; graphicsmode copy, opcolor 0)
     * and §8.7.1 {@code dinf} with one {@code url } entry whose flag 1 says the media data is in this file.
     */
    public static void videoMediaHeaders(BoxWriter w) {
        w.beginFull("vmhd", 0, 1).u16(0).zeros(6).end();
        w.begin("dinf").beginFull("dref", 0, 0).u32(1)
                .beginFull("url ", 0, 1).end()
                .end().end();
    }

    /**
     * The sample tables after {@code stsd}, empty (§8.8.1: the samples follow in movie fragments): {@code stts},
     * {@code stsc}, {@code stsz}, {@code stco}.
     */
    public static void emptySampleTables(BoxWriter w) {
        w.beginFull("stts", 0, 0).u32(0).end();
        w.beginFull("stsc", 0, 0).u32(0).end();
        w.beginFull("stsz", 0, 0).u32(0).u32(0).end();
        w.beginFull("stco", 0, 0).u32(0).end();
    }

    /**
     * §12.1.3 visual sample entry {@code avc1} with its {@code avcC} (ISO/IEC 14496-15 §5.4.2), for an {@code stsd}.
     *
     * @throws IllegalArgumentException when the picture is wider or taller than 16 bits can say
     */
    public static void avc1(BoxWriter w, VideoParameters video) {
        if (video.width() > MAX_DIMENSION || video.height() > MAX_DIMENSION) {
            throw new IllegalArgumentException("picture size " + video.width() + "x" + video.height()
                    + " does not fit a visual sample entry");
        }
        w.begin("avc1")
                .zeros(6).u16(1)               // reserved, data_reference_index 1
                .u16(0).u16(0).zeros(12)       // pre_defined, reserved, pre_defined
                .u16(video.width()).u16(video.height())
                .u32(0x00480000).u32(0x00480000)  // 72 dpi horizontal and vertical
                .u32(0)                        // reserved
                .u16(1)                        // frame_count
                .zeros(32)                     // compressorname: empty Pascal string
                .u16(0x0018)                   // depth: colour, no alpha
                .u16(0xffff);                  // pre_defined = -1
        w.begin("avcC").bytes(AvcDecoderConfiguration.encode(video)).end();
        w.end();
    }

    /**
     * §8.8.3 {@code trex} of our one track: sample description 1 by default; durations, sizes and flags are all
     * given per sample in {@code trun}.
     */
    public static void trex(BoxWriter w) {
        w.beginFull("trex", 0, 0).u32(Fmp4Layout.TRACK_ID).u32(1).u32(0).u32(0).u32(0).end();
    }

    private static byte[] nulTerminated(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(ascii, ascii.length + 1);
    }
}
