package org.nvr.storage.index;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.StreamKey;

/** Builds segment summaries for index tests. */
final class Segments {
    /** A 1280x720 High profile level 3.1 SPS (header 0x67, profile_idc 100, constraints 0, level_idc 31). */
    private static final byte[] SPS = {0x67, 0x64, 0x00, 0x1f, (byte) 0xac, (byte) 0xd9, 0x40, 0x50};
    /** A PPS (header 0x68) with a minimal body. */
    private static final byte[] PPS = {0x68, (byte) 0xeb, (byte) 0xe3, (byte) 0xcb};
    static final VideoParameters PARAMETERS = new VideoParameters(SPS, PPS, 1280, 720, 100, 31);
    static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Segments() {
    }

    /**
     * A segment of {@code fragments} one-second fragments of 25 frames from {@code start}, where every
     * {@code keyframeEvery}-th fragment (from the first) starts with a keyframe.
     */
    static SegmentSummary segment(StreamKey stream, long sequence, Instant start, int fragments, int keyframeEvery) {
        List<FragmentEntry> entries = new ArrayList<>();
        long offset = 1000;
        for (int i = 0; i < fragments; i++) {
            entries.add(new FragmentEntry(i * 90_000L, offset, 100_000 + i, 25, i % keyframeEvery == 0));
            offset += 100_000 + i;
        }
        Path path = Path.of(stream.cameraId(), stream.streamName(), sequence + ".mp4");
        return new SegmentSummary(new SegmentStart(stream, sequence, start, 123_456L + sequence, PARAMETERS,
                ClockSource.RTCP_SR), path, start.plus(Duration.ofSeconds(fragments)), fragments * 90_000L, offset,
                fragments * 25L, SHA256, entries, EndReason.DURATION);
    }

    /** A segment lasting exactly from {@code start} to {@code end} with one fragment. */
    static SegmentSummary span(StreamKey stream, long sequence, Instant start, Instant end) {
        long duration90k = Time90k.toTicks(end) - Time90k.toTicks(start);
        Path path = Path.of(stream.cameraId(), stream.streamName(), sequence + ".mp4");
        return new SegmentSummary(new SegmentStart(stream, sequence, start, 0, PARAMETERS, ClockSource.RECEIVE_CLOCK),
                path, end, duration90k, 5000, 10, SHA256, List.of(new FragmentEntry(0, 1000, 4000, 10, true)),
                EndReason.GAP);
    }
}
