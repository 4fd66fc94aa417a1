package org.nvr.storage.segment;

import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.SegmentStart;

/**
 * The start of every segment file: {@code ftyp}, our metadata {@code uuid} box, and a {@code moov} with an empty
 * sample table and {@code mvex} (ISO/IEC 14496-12 §8.8.1: the samples follow in movie fragments). Concatenated with
 * any run of its fragments, these bytes are what Media Source Extensions call an initialization segment.
 */
final class InitSegment {
    private InitSegment() {
    }

    static byte[] encode(SegmentStart start) {
        VideoParameters video = start.parameters();
        BoxWriter w = new BoxWriter(1024);
        MovieBoxes.ftyp(w);
        // §11.1 user extension box: the self-description that lets the index be rebuilt from disk.
        w.begin("uuid").bytes(Fmp4Layout.METADATA_UUID).bytes(SegmentFileHeader.encodeMetadata(start)).end();
        w.begin("moov");
        mvhd(w);
        w.begin("trak");
        tkhd(w, video);
        w.begin("mdia");
        w.beginFull("mdhd", 0, 0).u32(0).u32(0).u32(Fmp4Layout.TIMESCALE_90K).u32(0)
                .u16(MovieBoxes.LANGUAGE_UND).u16(0).end();
        MovieBoxes.videoHandler(w);
        w.begin("minf");
        MovieBoxes.videoMediaHeaders(w);
        w.begin("stbl");
        // §8.5.2: one sample entry, the segment's parameter sets.
        w.beginFull("stsd", 0, 0).u32(1);
        MovieBoxes.avc1(w, video);
        w.end();  // stsd
        MovieBoxes.emptySampleTables(w);
        w.end();  // stbl
        w.end();  // minf
        w.end();  // mdia
        w.end();  // trak
        w.begin("mvex");
        MovieBoxes.trex(w);
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
        MovieBoxes.unityMatrix(w);
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
        MovieBoxes.unityMatrix(w);
        w.u32((long) video.width() << 16).u32((long) video.height() << 16).end();
    }
}
