package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.StreamKey;

class SegmentPathsTest {
    private static final VideoParameters PARAMETERS = SpsParser.toVideoParameters(
            java.util.HexFormat.of().parseHex("6742c00dda0507ec0440000003004000000c83c50aa8"),
            java.util.HexFormat.of().parseHex("68ce3c80"));

    @Test
    void layoutIsCameraThenUtcDateThenSortableName() {
        SegmentStart start = new SegmentStart(new StreamKey("garage", "sub"), 42,
                Instant.parse("2023-12-31T23:59:59.987654321Z"), 0, PARAMETERS, ClockSource.RECEIVE_CLOCK);
        Path path = SegmentPaths.relativePath(start);
        assertThat(path).isEqualTo(Path.of("garage", "2023", "12", "31", "20231231T235959.987Z-sub-42.mp4"));
        assertThat(SegmentPaths.parse(path)).contains(new SegmentPathParts(new StreamKey("garage", "sub"),
                Instant.parse("2023-12-31T23:59:59.987Z"), 42));
    }

    @Test
    void streamNamesWithDashesParse() {
        SegmentStart start = new SegmentStart(new StreamKey("cam_2", "main-hd-1"), 0,
                Instant.parse("2024-02-29T00:00:00Z"), 0, PARAMETERS, ClockSource.RTCP_SR);
        Path path = SegmentPaths.relativePath(start);
        assertThat(path.toString()).isEqualTo("cam_2/2024/02/29/20240229T000000.000Z-main-hd-1-0.mp4");
        assertThat(SegmentPaths.parse(path).orElseThrow().stream().streamName()).isEqualTo("main-hd-1");
        assertThat(SegmentPaths.parse(path).orElseThrow().sequence()).isZero();
        // A stream name may end in '-': the sequence is still the last group.
        assertThat(SegmentPaths.parse(Path.of("cam/2024/05/01/20240501T123456.123Z-main--7.mp4")).orElseThrow())
                .isEqualTo(new SegmentPathParts(new StreamKey("cam", "main-"),
                        Instant.parse("2024-05-01T12:34:56.123Z"), 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "../2024/05/01/20240501T123456.123Z-main-7.mp4",            // traversal as the camera
        "cam/../05/01/20240501T123456.123Z-main-7.mp4",              // traversal as the year
        "cam/2024/05/01/../20240501T123456.123Z-main-7.mp4",         // too deep, with traversal
        "/cam/2024/05/01/20240501T123456.123Z-main-7.mp4",           // absolute
        "cam/2024/05/01/20240501T123456.123Z-main-7.mkv",            // wrong extension
        "cam/2024/05/01/20240501T123456.123Z-main-7.mp4.tmp",        // trailing suffix
        "Cam/2024/05/01/20240501T123456.123Z-main-7.mp4",            // camera id in upper case
        "-cam/2024/05/01/20240501T123456.123Z-main-7.mp4",           // camera id starting with '-'
        "cam/2024/05/02/20240501T123456.123Z-main-7.mp4",            // day directory disagrees
        "cam/2024/5/01/20240501T123456.123Z-main-7.mp4",             // month not two digits
        "cam/2024/05/01/20240501T123456Z-main-7.mp4",                // no milliseconds
        "cam/2024/02/30/20240230T123456.123Z-main-7.mp4",            // no such date
        "cam/2024/05/01/20240501T250000.000Z-main-7.mp4",            // no such hour
        "cam/2024/05/01/20240501T123456.123Z-main-07.mp4",           // sequence with a leading zero
        "cam/2024/05/01/20240501T123456.123Z-main-7-.mp4",           // nothing may follow the sequence
        "cam/2024/05/01/20240501T123456.123Z-main-+7.mp4",           // signed sequence
        "cam/2024/05/01/20240501T123456.123Z-main.mp4",              // no sequence
        "cam/2024/05/01/20240501T123456.123Z--7.mp4",                // empty stream
        "cam/2024/05/01/20240501T123456.123Z-main-99999999999999999999.mp4",  // sequence overflows a long
        "cam/2024/05/20240501T123456.123Z-main-7.mp4",               // too shallow
        ""})
    void rejectsAnythingElse(String path) {
        assertThat(SegmentPaths.parse(Path.of(path))).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(SegmentPaths.parse(null)).isEmpty();
    }

    @Test
    void refusesYearsWithoutFourDigits() {
        SegmentStart start = new SegmentStart(new StreamKey("cam", "main"), 0,
                Instant.parse("+10000-01-01T00:00:00Z"), 0, PARAMETERS, ClockSource.RTCP_SR);
        assertThatThrownBy(() -> SegmentPaths.relativePath(start)).isInstanceOf(IllegalArgumentException.class);
    }
}
