package org.nvr.storage.segment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.SegmentStart;

/**
 * The start of every segment file: {@code ftyp}, our metadata {@code uuid} box, and a {@code moov} with an empty
 * sample table and {@code mvex} (ISO/IEC 14496-12 §8.8.1: the samples follow in movie fragments). Concatenated with
 * any run of its fragments, these bytes are what Media Source Extensions call an initialization segment.
 */
final class InitSegment {
    /**
     * Brands (§4.3): major {@code iso6}; compatible {@code iso6} (we put a {@code tfdt} in every fragment, the
     * signal ffmpeg's movenc uses), {@code iso5} (required for the {@code tfhd} default-base-is-moof flag),
     * {@code isom} (generic readers), {@code avc1} (ISO/IEC 14496-15 AVC storage), {@code mp41} (older MP4 players).
     * ffmpeg, VLC and Chromium's MSE parser accept these; none of them rejects a file over its brands.
     */
    static final String[] BRANDS = {"iso6", "iso5", "isom", "avc1", "mp41"};
    private static final String MAJOR_BRAND = "iso6";

    /** §8.2.2 / §8.3.2 unity transformation matrix: 16.16 fixed point, with w in 2.30. */
    private static final long[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
    /** ISO 639-2/T "und", packed as three 5-bit letters minus 0x60 (§8.4.2.3). */
    private static final int LANGUAGE_UND = 0x55c4;

    private InitSegment() {
    }

    static byte[] encode(SegmentStart start) {
        VideoParameters video = start.parameters();
        BoxWriter w = new BoxWriter(1024);
        w.begin("ftyp").fourCc(MAJOR_BRAND).u32(0);
        for (String brand : BRANDS) {
            w.fourCc(brand);
        }
        w.end();
        // §11.1 user extension box: the self-description that lets the index be rebuilt from disk.
        w.begin("uuid").bytes(Fmp4Layout.METADATA_UUID).bytes(SegmentFileHeader.encodeMetadata(start)).end();
        w.begin("moov");
        mvhd(w);
        w.begin("trak");
        tkhd(w, video);
        w.begin("mdia");
        w.beginFull("mdhd", 0, 0).u32(0).u32(0).u32(Fmp4Layout.TIMESCALE_90K).u32(0)
                .u16(LANGUAGE_UND).u16(0).end();
        w.beginFull("hdlr", 0, 0).u32(0).fourCc("vide").zeros(12).bytes(nulTerminated("VideoHandler")).end();
        w.begin("minf");
        w.beginFull("vmhd", 0, 1).u16(0).zeros(6).end();  // flags 1 per §12.1.2; graphicsmode copy, opcolor 0
        w.begin("dinf").beginFull("dref", 0, 0).u32(1)
                .beginFull("url ", 0, 1).end()  // flag 1: media data is in this file
                .end().end();
        w.begin("stbl");
        stsd(w, video);
        w.beginFull("stts", 0, 0).u32(0).end();
        w.beginFull("stsc", 0, 0).u32(0).end();
        w.beginFull("stsz", 0, 0).u32(0).u32(0).end();
        w.beginFull("stco", 0, 0).u32(0).end();
        w.end();  // stbl
        w.end();  // minf
        w.end();  // mdia
        w.end();  // trak
        w.begin("mvex");
        // §8.8.3 trex: sample description 1; durations, sizes and flags are all given per sample in trun.
        w.beginFull("trex", 0, 0).u32(Fmp4Layout.TRACK_ID).u32(1).u32(0).u32(0).u32(0).end();
        w.end();  // mvex
        w.end();  // moov
        return w.toByteArray();
    }

    /** §8.2.2: creation and modification times 0 (the metadata box holds the start), duration 0 (fragmented). */
    private static void mvhd(BoxWriter w) {
        w.beginFull("mvhd", 0, 0).u32(0).u32(0).u32(Fmp4Layout.TIMESCALE_90K).u32(0)
                .u32(0x00010000)  // rate 1.0
                .u16(0x0100)      // volume 1.0
                .zeros(10);       // reserved
        matrix(w);
        w.zeros(24)               // pre_defined
                .u32(Fmp4Layout.TRACK_ID + 1)  // next_track_ID
                .end();
    }

    /** §8.3.2: flags 3 = track enabled and in movie; size in 16.16 fixed point. */
    private static void tkhd(BoxWriter w, VideoParameters video) {
        w.beginFull("tkhd", 0, 3).u32(0).u32(0).u32(Fmp4Layout.TRACK_ID).u32(0).u32(0)
                .zeros(8)          // reserved
                .u16(0).u16(0)     // layer, alternate_group
                .u16(0).u16(0);    // volume 0 for video, reserved
        matrix(w);
        w.u32((long) video.width() << 16).u32((long) video.height() << 16).end();
    }

    /** §8.5.2 / §12.1.3 visual sample entry {@code avc1} with its {@code avcC} (ISO/IEC 14496-15 §5.4.2). */
    private static void stsd(BoxWriter w, VideoParameters video) {
        if (video.width() > 0xffff || video.height() > 0xffff) {
            throw new IllegalArgumentException("picture size " + video.width() + "x" + video.height()
                    + " does not fit a visual sample entry");
        }
        w.beginFull("stsd", 0, 0).u32(1);
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
        w.end();  // avc1
        w.end();  // stsd
    }

    private static void matrix(BoxWriter w) {
        for (long value : UNITY_MATRIX) {
            w.u32(value);
        }
    }

    private static byte[] nulTerminated(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(ascii, ascii.length + 1);
    }
}
