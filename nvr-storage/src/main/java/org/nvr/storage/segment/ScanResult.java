package org.nvr.storage.segment;

import java.util.List;
import org.nvr.core.record.FragmentEntry;

/**
 * What {@link SegmentFileScanner#scan} found in a segment file.
 *
 * @param header           the file's metadata and parameters, or null when its header is missing or bad
 * @param fragments        the complete, consistent fragments ({@code moof} and all of its {@code mdat}), in order
 * @param validBytes       end of the last complete fragment (of the header when there is none; 0 without a
 *                         header): what recovery keeps
 * @param fileBytes        the file's size
 * @param frames           samples in the complete fragments
 * @param mediaDuration90k their summed durations
 * @param problem          null when the whole file is complete and consistent, else what is wrong and where
 */
public record ScanResult(SegmentFileHeader header, List<FragmentEntry> fragments, long validBytes, long fileBytes,
                         long frames, long mediaDuration90k, String problem) {
    public ScanResult {
        fragments = List.copyOf(fragments);
        if (validBytes < 0 || validBytes > fileBytes || frames < 0 || mediaDuration90k < 0) {
            throw new IllegalArgumentException("inconsistent scan result: validBytes=" + validBytes + ", fileBytes="
                    + fileBytes + ", frames=" + frames + ", mediaDuration90k=" + mediaDuration90k);
        }
    }

    /** True when the file is whole and consistent. */
    public boolean complete() {
        return problem == null;
    }
}
