package org.nvr.storage.segment;

import java.util.List;
import org.nvr.core.model.AccessUnit;

/**
 * Encodes one movie fragment's {@code moof} (ISO/IEC 14496-12 §8.8.4) and the header of the {@code mdat} that
 * follows it: {@code mfhd} sequence number, one {@code traf} with {@code tfhd} (track 1, default-base-is-moof),
 * {@code tfdt} version 1 and a {@code trun} giving each sample's duration, size and flags.
 */
final class FragmentHeader {
    /** {@code mdat} header: 32-bit size and type (fragments stay below 4 GiB). */
    static final int MDAT_HEADER_BYTES = 8;

    private FragmentHeader() {
    }

    /**
     * Writes {@code moof} and the {@code mdat} header into {@code w} (reset first).
     *
     * @param sequenceNumber       {@code mfhd} sequence number, 1 for the first fragment of a file
     * @param baseMediaDecodeTime90k media time of the first sample from the file's start
     * @param units                the samples, in decoding order
     * @param durations90k         each sample's duration
     * @return the {@code moof} size in bytes
     */
    static int encode(BoxWriter w, long sequenceNumber, long baseMediaDecodeTime90k, List<AccessUnit> units,
                      long[] durations90k) {
        w.reset();
        w.begin("moof");
        w.beginFull("mfhd", 0, 0).u32(sequenceNumber).end();
        w.begin("traf");
        w.beginFull("tfhd", 0, Fmp4Layout.TFHD_DEFAULT_BASE_IS_MOOF).u32(Fmp4Layout.TRACK_ID).end();
        w.beginFull("tfdt", 1, 0).u64(baseMediaDecodeTime90k).end();
        w.beginFull("trun", 0, Fmp4Layout.TRUN_WRITTEN).u32(units.size());
        int dataOffsetAt = w.position();
        w.u32(0);
        long payloadBytes = 0;
        for (int i = 0; i < units.size(); i++) {
            AccessUnit unit = units.get(i);
            int size = unit.avccBytes();
            payloadBytes += size;
            w.u32(durations90k[i]).u32(size)
                    .u32(unit.keyframe() ? Fmp4Layout.SAMPLE_FLAGS_SYNC : Fmp4Layout.SAMPLE_FLAGS_NON_SYNC);
        }
        w.end();  // trun
        w.end();  // traf
        w.end();  // moof
        int moofBytes = w.position();
        // default-base-is-moof: the first sample's data starts right after the mdat header.
        w.patchU32(dataOffsetAt, moofBytes + MDAT_HEADER_BYTES);
        w.u32(MDAT_HEADER_BYTES + payloadBytes).fourCc("mdat");
        return moofBytes;
    }
}
