package org.nvr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.segment.ScanResult;
import org.nvr.storage.segment.SegmentFileScanner;

/**
 * After a recording run: every segment file under the recordings root scanned ({@link SegmentFileScanner#scan}:
 * header, every {@code moof}/{@code mdat} and NAL length), and compared with its index row (frames, bytes).
 *
 * @param indexedSegments rows in the index
 * @param files           {@code .mp4} files under the root
 * @param bytes           their sizes, summed
 * @param frames          samples in their complete fragments, summed
 * @param problems        files with a scan problem, without an index row, or whose row disagrees with the file,
 *                        plus rows without a file
 * @param firstProblem    what the first problem was, or null
 * @param sample          a full segment (neither a stream's first nor cut by the stop; the script checks it with
 *                        ffprobe), or null
 * @param sampleFrames    its samples by the scan
 */
record RecordingCheck(long indexedSegments, long files, long bytes, long frames, long problems, String firstProblem,
                      Path sample, long sampleFrames) {
    private static final int PAGE = 500;

    /** Checks every file under {@code root} against {@code index}; reads each file once. */
    static RecordingCheck run(Path root, H2RecordingIndex index) throws IOException {
        Map<Path, SegmentRow> rows = new HashMap<>();
        long afterId = 0;
        while (true) {
            List<SegmentRow> page = index.segmentsAfterId(afterId, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (SegmentRow row : page) {
                rows.put(row.path(), row);
                afterId = row.id();
            }
        }
        long indexed = rows.size();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".mp4") && Files.isRegularFile(p)).forEach(files::add);
        }
        files.sort(null);
        long bytes = 0;
        long frames = 0;
        long problems = 0;
        String first = null;
        Path sample = null;
        long sampleFrames = 0;
        for (Path file : files) {
            Path relative = root.relativize(file);
            ScanResult scan = SegmentFileScanner.scan(file);
            SegmentRow row = rows.remove(relative);
            bytes += scan.fileBytes();
            frames += scan.frames();
            String problem = null;
            if (!scan.complete()) {
                problem = relative + ": " + scan.problem();
            } else if (row == null) {
                problem = relative + ": no index row";
            } else if (row.frames() != scan.frames() || row.bytes() != scan.fileBytes()) {
                problem = relative + ": index says " + row.frames() + " frames, " + row.bytes() + " bytes; file has "
                        + scan.frames() + ", " + scan.fileBytes();
            }
            if (problem != null) {
                problems++;
                first = first == null ? problem : first;
            } else if (sample == null && row.sequence() > 0 && row.endReason() == EndReason.DURATION) {
                // Not a stream's first segment (it starts at the cached GOP) and cut for duration: a full one.
                sample = file;
                sampleFrames = scan.frames();
            }
        }
        for (Path missing : rows.keySet()) {
            problems++;
            first = first == null ? missing + ": indexed, no file" : first;
        }
        return new RecordingCheck(indexed, files.size(), bytes, frames, problems, first, sample, sampleFrames);
    }
}
