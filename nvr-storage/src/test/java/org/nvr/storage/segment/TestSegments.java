package org.nvr.storage.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.nvr.core.h264.AnnexBReader;
import org.nvr.core.h264.NalUnitType;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.TestMedia;

/**
 * Access units of real H.264 (ffmpeg's libx264 via the core test-jar's {@link TestMedia}) with 90 kHz PTS. Public
 * for the playback and export tests' recordings.
 */
public final class TestSegments {
    static final long FRAME_90K = 3600;  // 25 fps
    static final long START_PTS_90K = 1_234_567;
    static final Instant START_UTC = Instant.parse("2024-05-01T12:34:56.123456789Z");
    static final StreamKey STREAM = new StreamKey("cam-1", "main");

    private TestSegments() {
    }

    /** A clip as access units: pts {@code START_PTS_90K + n * 3600}, wall clock 40 ms apart. */
    public static Clip clip(int width, int height, int seconds, int gop, int kbps) {
        Path file = TestMedia.h264Clip(width, height, 25, seconds, gop, kbps);
        byte[] stream;
        try {
            stream = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AnnexBReader reader = new AnnexBReader(stream);
        List<AccessUnit> units = new ArrayList<>();
        VideoParameters parameters = null;
        byte[] sps = null;
        for (List<byte[]> nalus = reader.next(); nalus != null; nalus = reader.next()) {
            for (byte[] nalu : nalus) {
                if (NalUnitType.type(nalu) == NalUnitType.SPS) {
                    sps = nalu;
                } else if (NalUnitType.type(nalu) == NalUnitType.PPS && parameters == null) {
                    parameters = SpsParser.toVideoParameters(sps, nalu);
                }
            }
            int n = units.size();
            units.add(new AccessUnit(START_PTS_90K + n * FRAME_90K, START_UTC.plusMillis(40L * n),
                    ClockSource.RTCP_SR, NalUnitType.containsIdr(nalus), nalus));
        }
        return new Clip(parameters, List.copyOf(units));
    }

    static SegmentStart start(VideoParameters parameters, long sequence) {
        return new SegmentStart(STREAM, sequence, START_UTC, START_PTS_90K, parameters, ClockSource.RTCP_SR);
    }

    /** The clip's parameter sets (from its first SPS and PPS) and its access units, in decoding order. */
    public record Clip(VideoParameters parameters, List<AccessUnit> units) {
        int keyframes() {
            return (int) units.stream().filter(AccessUnit::keyframe).count();
        }
    }
}
