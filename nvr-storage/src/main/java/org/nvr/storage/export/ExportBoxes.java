package org.nvr.storage.export;

import java.util.List;
import org.nvr.core.model.VideoParameters;
import org.nvr.storage.playback.FragmentRun;
import org.nvr.storage.segment.BoxWriter;
import org.nvr.storage.segment.Fmp4Layout;
import org.nvr.storage.segment.MovieBoxes;

/**
 * The boxes an export generates (ISO/IEC 14496-12): its {@code ftyp}+{@code moov}, and for each source fragment a
 * new {@code moof} with the {@code mdat} header that follows it. Everything else in the file is sample bytes copied
 * from the segment files.
 */
final class ExportBoxes {
    /** §8.8.7.1 {@code tfhd} flag: a sample description index follows the track id. */
    private static final int TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
    /** A 32-bit {@code mdat} header: 8 bytes; a larger payload needs the 64-bit form (§4.2: size 1, largesize). */
    static final int MDAT_HEADER_BYTES = 8;
    static final int LARGE_MDAT_HEADER_BYTES = 16;

    private ExportBoxes() {
    }

    /**
     * {@code ftyp} and {@code moov}: one video track at 90 kHz whose duration (in {@code mvhd}, {@code tkhd},
     * {@code mdhd}, and {@code mehd} so that players know it before reading the fragments, §8.8.2) is
     * {@code duration90k}, with one {@code avc1} sample entry per parameter set (§8.5.2), selected per fragment by
     * the {@code tfhd} sample description index. Times are version 1 (64-bit) boxes: 24 h of 90 kHz ticks exceed
     * 32 bits. Creation and modification times are 0, so planning the same range twice gives the same bytes.
     */
    static byte[] header(List<VideoParameters> entries, long duration90k) {
        VideoParameters first = entries.get(0);
        BoxWriter w = new BoxWriter(1024);
        MovieBoxes.ftyp(w);  // brands as the segment files have them
        w.begin("moov");
        w.beginFull("mvhd", 1, 0).u64(0).u64(0).u32(Fmp4Layout.TIMESCALE_90K).u64(duration90k)
                .u32(0x00010000)  // rate 1.0
                .u16(0x0100)      // volume 1.0
                .zeros(10);       // reserved
        MovieBoxes.unityMatrix(w);
        w.zeros(24).u32(Fmp4Layout.TRACK_ID + 1).end();  // pre_defined, next_track_ID
        w.begin("trak");
        // §8.3.2: flags 3 = track enabled and in movie; duration in the movie timescale (also 90 kHz).
        w.beginFull("tkhd", 1, 3).u64(0).u64(0).u32(Fmp4Layout.TRACK_ID).u32(0).u64(duration90k)
                .zeros(8)          // reserved
                .u16(0).u16(0)     // layer, alternate_group
                .u16(0).u16(0);    // volume 0 for video, reserved
        MovieBoxes.unityMatrix(w);
        w.u32((long) first.width() << 16).u32((long) first.height() << 16).end();
        w.begin("mdia");
        w.beginFull("mdhd", 1, 0).u64(0).u64(0).u32(Fmp4Layout.TIMESCALE_90K).u64(duration90k)
                .u16(MovieBoxes.LANGUAGE_UND).u16(0).end();
        MovieBoxes.videoHandler(w);
        w.begin("minf");
        MovieBoxes.videoMediaHeaders(w);
        w.begin("stbl");
        w.beginFull("stsd", 0, 0).u32(entries.size());
        for (VideoParameters video : entries) {
            MovieBoxes.avc1(w, video);
        }
        w.end();  // stsd
        MovieBoxes.emptySampleTables(w);
        w.end();  // stbl
        w.end();  // minf
        w.end();  // mdia
        w.end();  // trak
        w.begin("mvex");
        w.beginFull("mehd", 1, 0).u64(duration90k).end();
        MovieBoxes.trex(w);  // sample description 1 by default; fragments select theirs in tfhd
        w.end();  // mvex
        w.end();  // moov
        return w.toByteArray();
    }

    /**
     * A {@code moof} for samples {@code [from, to)} of a source fragment, followed by the header of an {@code mdat}
     * that holds exactly those samples' bytes (contiguous in the source, §8.8.8).
     *
     * @param sequenceNumber          {@code mfhd} sequence number, 1 for the export's first fragment
     * @param sampleDescriptionIndex  1-based {@code stsd} entry of the samples' parameter sets
     * @param baseMediaDecodeTime90k  time of sample {@code from} on the export's timeline
     */
    static byte[] fragment(long sequenceNumber, int sampleDescriptionIndex, long baseMediaDecodeTime90k,
                           FragmentRun run, int from, int to) {
        long payload = run.sampleOffset(to) - run.sampleOffset(from);
        int mdatHeader = payload + MDAT_HEADER_BYTES > 0xffff_ffffL ? LARGE_MDAT_HEADER_BYTES : MDAT_HEADER_BYTES;
        BoxWriter w = new BoxWriter(128 + 12 * (to - from));
        w.begin("moof");
        w.beginFull("mfhd", 0, 0).u32(sequenceNumber).end();
        w.begin("traf");
        w.beginFull("tfhd", 0, Fmp4Layout.TFHD_DEFAULT_BASE_IS_MOOF | TFHD_SAMPLE_DESCRIPTION_INDEX)
                .u32(Fmp4Layout.TRACK_ID).u32(sampleDescriptionIndex).end();
        w.beginFull("tfdt", 1, 0).u64(baseMediaDecodeTime90k).end();
        w.beginFull("trun", 0, Fmp4Layout.TRUN_WRITTEN).u32(to - from);
        int dataOffsetAt = w.position();
        w.u32(0);
        for (int i = from; i < to; i++) {
            w.u32(run.duration90k(i)).u32(run.size(i)).u32(run.flags(i) & 0xffff_ffffL);
        }
        w.end();  // trun
        w.end();  // traf
        w.end();  // moof
        int moofBytes = w.position();
        // default-base-is-moof: the first sample starts right after the mdat header.
        w.patchU32(dataOffsetAt, moofBytes + mdatHeader);
        if (mdatHeader == MDAT_HEADER_BYTES) {
            w.u32(MDAT_HEADER_BYTES + payload).fourCc("mdat");
        } else {
            w.u32(1).fourCc("mdat").u64(LARGE_MDAT_HEADER_BYTES + payload);
        }
        return w.toByteArray();
    }
}
