package org.nvr.core.export;

import java.util.List;

/**
 * What an export holds and where it came from, so that it can stand as evidence: the source segment files with
 * their SHA-256 (as recorded when each file was closed), the gaps inside the range with their causes, and how
 * the wall-clock times were obtained. Times are ISO-8601 UTC strings with millisecond or finer precision.
 *
 * @param camera          camera id
 * @param stream          stream name
 * @param requestedStart  the requested start
 * @param requestedEnd    the requested end (exclusive)
 * @param start           wall time of the first frame (the keyframe at or before the requested start)
 * @param end             wall time just after the last frame
 * @param frames          number of frames in the export
 * @param contentLength   bytes of the exported MP4
 * @param fileName        suggested file name
 * @param segments        the source segments, oldest first
 * @param gaps            gaps inside [start, end), oldest first
 * @param timeSource      how the times were obtained, in words (RTCP sender reports or the NVR's receive clock)
 */
public record ExportManifest(String camera, String stream, String requestedStart, String requestedEnd,
                             String start, String end, long frames, long contentLength, String fileName,
                             List<SourceSegment> segments, List<GapEntry> gaps, String timeSource) {
    public ExportManifest {
        segments = List.copyOf(segments);
        gaps = List.copyOf(gaps);
    }

    /**
     * One source segment file.
     *
     * @param id          index row id
     * @param sequence    per-stream sequence number
     * @param path        path relative to the recordings root
     * @param start       wall time of its first frame
     * @param end         wall time of its end
     * @param bytes       file size
     * @param sha256      lower-case hex SHA-256 of the whole file, from the index
     * @param clockSource {@code RTCP_SR} or {@code RECEIVE_CLOCK}
     * @param framesUsed  how many of its frames are in the export
     */
    public record SourceSegment(long id, long sequence, String path, String start, String end, long bytes,
                                String sha256, String clockSource, long framesUsed) {
    }

    /** A gap inside the range: no video from {@code start} to {@code end}, and why. */
    public record GapEntry(String start, String end, String cause, String detail) {
    }
}
