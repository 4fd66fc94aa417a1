package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.record.StreamKey;

/** Range (RFC 2326 §12.29, §3.6, §3.7), Scale (§12.34) and request URLs. */
class HeaderParsingTest {

    @Test
    void clockRanges() {
        RangeHeader open = RangeHeader.parse("clock=20261124T101500Z-");
        assertThat(open.clockStart()).contains(Instant.parse("2026-11-24T10:15:00Z"));
        assertThat(open.end()).isEmpty();
        RangeHeader closed = RangeHeader.parse("clock=20261124T101500.250Z-20261124T101600Z;time=19970123T143720Z");
        assertThat(closed.clockStart()).contains(Instant.parse("2026-11-24T10:15:00.250Z"));
        assertThat(closed.end()).contains(Instant.parse("2026-11-24T10:16:00Z"));
        assertThat(RangeHeader.format(Instant.parse("2026-11-24T10:15:00.250Z"))).isEqualTo("20261124T101500.250Z");
        assertThat(RangeHeader.format(Instant.parse("2026-11-24T10:15:00Z"))).isEqualTo("20261124T101500Z");
    }

    @Test
    void nptRanges() {
        assertThat(RangeHeader.parse("npt=now-").now()).isTrue();
        assertThat(RangeHeader.parse("npt=0.000-").nptStart()).contains(Duration.ZERO);
        assertThat(RangeHeader.parse("npt=12.5-").nptStart()).contains(Duration.ofMillis(12_500));
        assertThat(RangeHeader.parse("npt=1:02:03.5-").nptStart())
                .contains(Duration.ofSeconds(3723).plusMillis(500));
    }

    @Test
    void badRangesSayWhy() {
        assertThatThrownBy(() -> RangeHeader.parse("clock=20261324T101500Z-")).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> RangeHeader.parse("clock=2026-11-24T10:15:00Z-"))
                .hasMessageContaining("YYYYMMDDThhmmss");
        assertThatThrownBy(() -> RangeHeader.parse("clock=20261124T101600Z-20261124T101500Z"))
                .hasMessageContaining("not after");
        assertThatThrownBy(() -> RangeHeader.parse("smpte=10:07:00-")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> RangeHeader.parse("npt=-5-")).hasMessageContaining("npt time");
        assertThatThrownBy(() -> RangeHeader.parse("npt=5")).hasMessageContaining("no '-'");
        assertThatThrownBy(() -> RangeHeader.parse("clock=\r\n-")).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> RangeHeader.parse("npt=" + "9".repeat(200) + "-")).hasMessageContaining("longer");
    }

    @Test
    void scales() {
        assertThat(ScaleHeader.parse("2")).isEqualTo(2.0);
        assertThat(ScaleHeader.parse(" 0.5 ")).isEqualTo(0.5);
        assertThat(ScaleHeader.parse("8.0")).isEqualTo(8.0);
        assertThatThrownBy(() -> ScaleHeader.parse("-1")).isInstanceOf(ScaleHeader.UnsupportedScaleException.class);
        assertThatThrownBy(() -> ScaleHeader.parse("0")).isInstanceOf(ScaleHeader.UnsupportedScaleException.class);
        assertThatThrownBy(() -> ScaleHeader.parse("8.5")).isInstanceOf(ScaleHeader.UnsupportedScaleException.class);
        assertThatThrownBy(() -> ScaleHeader.parse("2x")).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> ScaleHeader.parse("NaN")).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void requestTargets() {
        assertThat(RequestTarget.parse("rtsp://h:8554/cam1")).contains(
                new RequestTarget(new StreamKey("cam1", "main"), false, Optional.empty()));
        assertThat(RequestTarget.parse("rtsp://h:8554/cam1/sub/trackID=0")).contains(
                new RequestTarget(new StreamKey("cam1", "sub"), true, Optional.empty()));
        assertThat(RequestTarget.parse("rtsp://h/cam1/main?start=20261124T101500Z/trackID=0")).contains(
                new RequestTarget(new StreamKey("cam1", "main"), true,
                        Optional.of(Instant.parse("2026-11-24T10:15:00Z"))));
        assertThat(RequestTarget.parse("/cam1?start=2026-11-24T10:15:00Z").get().start())
                .contains(Instant.parse("2026-11-24T10:15:00Z"));
        for (String bad : new String[] {"rtsp://h", "rtsp://h/", "rtsp://h/..", "rtsp://h/%2e%2e/cam1",
                "rtsp://h/cam1/main/x", "rtsp://h/Cam1", "rtsp://h/cam1/trackID=0x", "*", "rtsp://h//cam1",
                "rtsp://h/-cam"}) {
            assertThat(RequestTarget.parse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> RequestTarget.parse("rtsp://h/cam1?start=yesterday"))
                .isInstanceOf(MalformedInputException.class);
    }
}
