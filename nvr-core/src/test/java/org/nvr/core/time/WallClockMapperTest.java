package org.nvr.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.ClockSource;
import org.nvr.core.rtp.NtpTimestamp;
import org.nvr.core.rtp.SenderReport;
import org.slf4j.LoggerFactory;

class WallClockMapperTest {
    private static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");
    private static final Duration FRAME = Duration.ofMillis(40);  // 25 fps
    private static final long FRAME_TICKS = 3600;                 // 40 ms at 90 kHz
    /** 500 ppm of one 40 ms frame. */
    private static final Duration MAX_SLEW_PER_FRAME = Duration.ofNanos(20_000);
    private static final long SSRC = 0x1234ABCDL;

    private final FakeNvrClock clock = new FakeNvrClock(T0);
    private final WallClockMapper mapper = WallClockMapper.forVideo(clock);
    private final Logger mapperLog = (Logger) LoggerFactory.getLogger(WallClockMapper.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        mapperLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        mapperLog.detachAppender(logged);
    }

    private static SenderReport sr(Instant ntp, long rtpTimestamp32) {
        return new SenderReport(SSRC, NtpTimestamp.fromInstant(ntp), rtpTimestamp32, 0, 0);
    }

    private List<Level> levels() {
        return logged.list.stream().map(ILoggingEvent::getLevel).collect(Collectors.toList());
    }

    @Test
    void firstCallWithoutSenderReportIsTheReceiveClock() {
        WallClockMapping m = mapper.map(123_456);
        assertThat(m).isEqualTo(new WallClockMapping(T0, ClockSource.RECEIVE_CLOCK, false));
        assertThat(mapper.currentSource()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        assertThat(mapper.cameraClockOffset()).isEmpty();
    }

    @Test
    void receiveClockWithJitteryArrivalsConvergesAndNeverSlewsMoreThan500Ppm() {
        Random random = new Random(42);
        long pts0 = 777;
        Instant previous = null;
        Instant last = null;
        int frames = 10_000;  // 400 s
        for (int n = 0; n < frames; n++) {
            // The first frame is 40 ms late; the others 0..20 ms late (median 10 ms).
            long lateMicros = n == 0 ? 40_000 : random.nextInt(20_001);
            clock.setWall(T0.plus(FRAME.multipliedBy(n)).plusNanos(lateMicros * 1000));
            WallClockMapping m = mapper.map(pts0 + FRAME_TICKS * n);
            assertThat(m.stepped()).isFalse();
            assertThat(m.source()).isEqualTo(ClockSource.RECEIVE_CLOCK);
            if (previous != null) {
                Duration step = Duration.between(previous, m.wallClock());
                assertThat(step.minus(FRAME).abs()).as("frame %d", n).isLessThanOrEqualTo(MAX_SLEW_PER_FRAME);
            }
            previous = m.wallClock();
            last = m.wallClock();
        }
        Instant medianArrival = T0.plus(FRAME.multipliedBy(frames - 1)).plusMillis(10);
        assertThat(Duration.between(medianArrival, last).abs()).isLessThan(Duration.ofMillis(2));
    }

    @Test
    void cameraClock100PpmFastIsFollowedExactly() {
        // The camera's 90 kHz clock runs 100 ppm fast: 3600 ticks take 39.996 ms of our time.
        Duration interval = Duration.ofNanos(39_996_000);
        for (int n = 0; n < 3000; n++) {
            Instant arrival = T0.plus(interval.multipliedBy(n));
            clock.setWall(arrival);
            WallClockMapping m = mapper.map(FRAME_TICKS * n);
            assertThat(m.wallClock()).as("frame %d", n).isEqualTo(arrival);
        }
    }

    @Test
    void cameraClock600PpmFastFallsBehindAtTheSlewLimit() {
        Duration interval = Duration.ofNanos(39_976_000);  // 600 ppm fast: 24 us per frame, 20 us correctable
        Instant previous = null;
        for (int n = 0; n < 1000; n++) {
            clock.setWall(T0.plus(interval.multipliedBy(n)));
            WallClockMapping m = mapper.map(FRAME_TICKS * n);
            if (previous != null) {
                assertThat(Duration.between(previous, m.wallClock())).isEqualTo(FRAME.minus(MAX_SLEW_PER_FRAME));
            }
            previous = m.wallClock();
        }
        // 999 frames, 4 us behind each.
        assertThat(Duration.between(clock.wallNow(), previous)).isEqualTo(Duration.ofNanos(999 * 4000));
    }

    @Test
    void senderReportMappingIsExact() {
        // The camera's clock is 200 ms ahead of ours: within the 5 s limit, so its SRs are used.
        Instant srWall = T0.plusMillis(200);
        mapper.onSenderReport(sr(srWall, 5_000_000), 5_000_000);
        assertThat(mapper.cameraClockOffset()).contains(Duration.ofMillis(200));

        clock.advance(Duration.ofMillis(3));  // arrival time does not matter with an SR
        WallClockMapping m = mapper.map(5_000_000 + 45);  // 45 ticks = 500 us
        assertThat(m).isEqualTo(new WallClockMapping(srWall.plusNanos(500_000), ClockSource.RTCP_SR, false));
        assertThat(mapper.currentSource()).isEqualTo(ClockSource.RTCP_SR);

        clock.advance(Duration.ofMillis(57));
        assertThat(mapper.map(5_000_000 + 45 + FRAME_TICKS).wallClock())
                .isEqualTo(srWall.plusNanos(500_000).plus(FRAME));
        // A B-frame steps back; one tick is 11111.1 ns, kept to the nanosecond.
        assertThat(mapper.map(5_000_000 + 1).wallClock()).isEqualTo(srWall.plusNanos(11_111));
        // Before the SR's timestamp.
        assertThat(mapper.map(5_000_000 - 90_000).wallClock()).isEqualTo(srWall.minusSeconds(1));
    }

    @Test
    void senderReportFarFromOurClockIsIgnoredButReportedAndWarnedOncePerEpisode() {
        mapper.onSenderReport(sr(T0.plus(Duration.ofHours(1)), 1000), 1000);
        assertThat(mapper.cameraClockOffset()).contains(Duration.ofHours(1));
        WallClockMapping m = mapper.map(1000);
        assertThat(m).isEqualTo(new WallClockMapping(T0, ClockSource.RECEIVE_CLOCK, false));

        clock.advance(Duration.ofSeconds(5));
        mapper.onSenderReport(sr(T0.plus(Duration.ofHours(1)).plusSeconds(5), 451_000), 451_000);
        assertThat(mapper.map(451_000).source()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        assertThat(levels()).containsExactly(Level.WARN);
        assertThat(logged.list.get(0).getFormattedMessage())
                .contains("SSRC 305441741", "3600000 ms off our clock", "limit 5000 ms");

        // The camera's clock is fixed: its SRs are used again, and that is said once.
        clock.advance(Duration.ofSeconds(5));
        mapper.onSenderReport(sr(clock.wallNow().plusMillis(100), 901_000), 901_000);
        assertThat(mapper.cameraClockOffset()).contains(Duration.ofMillis(100));
        assertThat(mapper.map(901_000 + FRAME_TICKS).source()).isEqualTo(ClockSource.RTCP_SR);
        assertThat(levels()).containsExactly(Level.WARN, Level.INFO);

        // A new episode, camera behind this time: warned again, and the old SR mapping is dropped.
        clock.advance(Duration.ofSeconds(5));
        mapper.onSenderReport(sr(clock.wallNow().minus(Duration.ofHours(2)), 1_351_000), 1_351_000);
        assertThat(mapper.cameraClockOffset()).contains(Duration.ofHours(-2));
        assertThat(mapper.map(1_351_000).source()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        assertThat(mapper.currentSource()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        assertThat(levels()).containsExactly(Level.WARN, Level.INFO, Level.WARN);
    }

    @Test
    void senderReportWithNtpZeroIsIgnored() {
        // Cameras that have no clock set may send NTP timestamp 0, which RFC 4330 §3 reads as 2036-02-07.
        mapper.onSenderReport(new SenderReport(SSRC, 0L, 90_000, 10, 1000), 90_000);
        assertThat(mapper.cameraClockOffset().orElseThrow()).isEqualTo(
                Duration.between(T0, Instant.parse("2036-02-07T06:28:16Z")));
        assertThat(mapper.map(90_000).source()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        assertThat(levels()).containsExactly(Level.WARN);
    }

    @Test
    void ourClockSteppingStepsTheOutput() {
        for (int n = 0; n < 50; n++) {
            clock.setWall(T0.plus(FRAME.multipliedBy(n)));
            assertThat(mapper.map(FRAME_TICKS * n).stepped()).isFalse();
        }
        // NTP steps our clock 10 s forward between two frames.
        Instant stepped = T0.plus(FRAME.multipliedBy(50)).plusSeconds(10);
        clock.setWall(stepped);
        assertThat(mapper.map(FRAME_TICKS * 50))
                .isEqualTo(new WallClockMapping(stepped, ClockSource.RECEIVE_CLOCK, true));
        clock.setWall(stepped.plus(FRAME));
        assertThat(mapper.map(FRAME_TICKS * 51))
                .isEqualTo(new WallClockMapping(stepped.plus(FRAME), ClockSource.RECEIVE_CLOCK, false));
    }

    @Test
    void mediaTimestampJumpWithoutSenderReportSteps() {
        mapper.map(0);
        clock.advance(FRAME);
        // The camera's timestamps jump an hour ahead while frames keep arriving every 40 ms.
        WallClockMapping m = mapper.map(90_000L * 3600);
        assertThat(m).isEqualTo(new WallClockMapping(T0.plus(FRAME), ClockSource.RECEIVE_CLOCK, true));
    }

    @Test
    void stepThresholdIsOneSecondByDefault() {
        mapper.map(0);
        clock.advance(FRAME.plusMillis(900));  // 0.9 s late: slewed
        WallClockMapping slewed = mapper.map(FRAME_TICKS);
        assertThat(slewed.stepped()).isFalse();
        assertThat(slewed.wallClock()).isEqualTo(T0.plus(FRAME).plus(MAX_SLEW_PER_FRAME));

        WallClockMapper other = WallClockMapper.forVideo(clock);
        other.map(0);
        clock.advance(FRAME.plusMillis(1100));  // 1.1 s late: stepped
        assertThat(other.map(FRAME_TICKS)).isEqualTo(new WallClockMapping(clock.wallNow(), ClockSource.RECEIVE_CLOCK,
                true));
    }

    @Test
    void senderReportsThatDisagreeByMoreThanTheThresholdStep() {
        // The camera's clock was 2 s behind, then NTP on the camera steps it to 1 s ahead: both within 5 s.
        mapper.onSenderReport(sr(T0.minusSeconds(2), 0), 0);
        assertThat(mapper.map(0).wallClock()).isEqualTo(T0.minusSeconds(2));
        clock.advance(FRAME);
        assertThat(mapper.map(FRAME_TICKS).wallClock()).isEqualTo(T0.minusSeconds(2).plus(FRAME));
        clock.advance(FRAME);
        mapper.onSenderReport(sr(clock.wallNow().plusSeconds(1), 2 * FRAME_TICKS), 2 * FRAME_TICKS);
        WallClockMapping m = mapper.map(2 * FRAME_TICKS);
        assertThat(m).isEqualTo(new WallClockMapping(clock.wallNow().plusSeconds(1), ClockSource.RTCP_SR, true));
    }

    @Test
    void switchFromReceiveClockToSenderReportWithinTheThresholdSlewsSmoothly() {
        int n = 0;
        for (; n < 25; n++) {
            clock.setWall(T0.plus(FRAME.multipliedBy(n)));
            assertThat(mapper.map(FRAME_TICKS * n).source()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        }
        // The SR says frame 25 is 300 ms later than our receive clock said.
        Instant frame25 = T0.plus(FRAME.multipliedBy(25));
        clock.setWall(frame25);
        mapper.onSenderReport(sr(frame25.plusMillis(300), FRAME_TICKS * 25), FRAME_TICKS * 25);
        Instant previous = T0.plus(FRAME.multipliedBy(24));
        int reachedAt = -1;
        for (; n < 25 + 16_000; n++) {
            clock.setWall(T0.plus(FRAME.multipliedBy(n)));
            WallClockMapping m = mapper.map(FRAME_TICKS * n);
            assertThat(m.source()).isEqualTo(ClockSource.RTCP_SR);
            assertThat(m.stepped()).isFalse();
            Duration step = Duration.between(previous, m.wallClock());
            assertThat(step).isBetween(FRAME, FRAME.plus(MAX_SLEW_PER_FRAME));
            Instant target = frame25.plusMillis(300).plus(FRAME.multipliedBy(n - 25));
            if (reachedAt < 0 && m.wallClock().equals(target)) {
                reachedAt = n;
            }
            if (reachedAt >= 0) {
                assertThat(m.wallClock()).isEqualTo(target);
            }
            previous = m.wallClock();
        }
        // 300 ms at 20 us per frame: 15000 frames.
        assertThat(reachedAt).isEqualTo(25 + 15_000 - 1);
    }

    @Test
    void timestampWrapHandledByTheUnwrapper() {
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        long ts0 = (1L << 32) - 90_000;  // 1 s before the 32-bit wrap
        // The SR agrees with our clock (frame 12.5 arrives at T0 + 500 ms), so any error in unwrapping it
        // or the frames across the wrap would show as a step or a slew.
        Instant srWall = T0.plusMillis(500);
        Instant previous = null;
        for (int n = 0; n < 75; n++) {  // 3 s, across the wrap
            long ts32 = (ts0 + FRAME_TICKS * n) & 0xFFFF_FFFFL;
            if (n == 10) {
                // An SR from the camera for the timestamp of frame 10, half a second before the wrap.
                long srTs32 = (ts0 + 45_000) & 0xFFFF_FFFFL;
                mapper.onSenderReport(sr(srWall, srTs32), unwrapper.unwrap(srTs32));
            }
            clock.setWall(T0.plus(FRAME.multipliedBy(n)));
            WallClockMapping m = mapper.map(unwrapper.unwrap(ts32));
            assertThat(m.stepped()).isFalse();
            if (n >= 10) {
                // Frame n is (n * 3600 - 45000) ticks after the SR's timestamp.
                assertThat(m.wallClock()).as("frame %d", n)
                        .isEqualTo(srWall.plus(FRAME.multipliedBy(n)).minusMillis(500));
            }
            if (previous != null) {
                assertThat(Duration.between(previous, m.wallClock())).isEqualTo(FRAME);
            }
            previous = m.wallClock();
        }
    }

    @Test
    void resetForgetsTheMappingButNotTheCameraClockOffset() {
        mapper.onSenderReport(sr(T0.plusMillis(400), 0), 0);
        assertThat(mapper.map(FRAME_TICKS).source()).isEqualTo(ClockSource.RTCP_SR);
        mapper.reset();
        assertThat(mapper.currentSource()).isEqualTo(ClockSource.RECEIVE_CLOCK);
        clock.advance(Duration.ofSeconds(30));
        // After a reconnect the camera restarts its timestamps; the first frame maps to our clock.
        assertThat(mapper.map(12_345)).isEqualTo(new WallClockMapping(clock.wallNow(), ClockSource.RECEIVE_CLOCK,
                false));
        assertThat(mapper.cameraClockOffset()).contains(Duration.ofMillis(400));
    }

    @Test
    void otherClockRates() {
        // 8 kHz audio: 160 ticks are 20 ms.
        WallClockMapper audio = new WallClockMapper(clock, 8000, Duration.ofSeconds(1), Duration.ofSeconds(5));
        audio.onSenderReport(sr(T0, 1000), 1000);
        assertThat(audio.map(1160).wallClock()).isEqualTo(T0.plusMillis(20));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> new WallClockMapper(clock, 0, Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockRateHz");
        assertThatThrownBy(() -> new WallClockMapper(clock, 90_000, Duration.ZERO, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepThreshold");
        assertThatThrownBy(() -> new WallClockMapper(clock, 90_000, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSenderReportOffset");
        assertThatThrownBy(() -> new WallClockMapping(null, ClockSource.RTCP_SR, false))
                .isInstanceOf(NullPointerException.class);
    }
}
