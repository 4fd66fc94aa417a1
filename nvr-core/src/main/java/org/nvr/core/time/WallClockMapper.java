package org.nvr.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.model.ClockSource;
import org.nvr.core.rtp.SenderReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each access unit of one stream a UTC wall-clock time (DESIGN.md "Time").
 *
 * <p>The target time of a presentation timestamp comes from the camera's latest usable RTCP Sender Report
 * (RFC 3550 §6.4.1: the SR pairs an NTP time with an RTP timestamp, and the media clock runs on from there),
 * or, without one, from our receive clock at the moment {@link #map} is called. The output does not jump to
 * the target each time: it follows media time from the previous output and is slewed towards the target by
 * at most 500 ppm of the media time elapsed, so receive jitter and small corrections never make time run
 * backwards or unevenly. An error above the step threshold is a real clock step (or a media timestamp
 * jump): the output jumps to the target and says so, and the recorder starts a new segment.
 *
 * <p>A Sender Report whose NTP time is more than {@code maxSenderReportOffset} away from our receive clock
 * at arrival comes from a camera with a wrong clock (never set, or set to local time instead of UTC); it is
 * not used, but its offset is still reported by {@link #cameraClockOffset()}.
 *
 * <p>Not thread-safe: one instance belongs to one stream.
 */
public final class WallClockMapper {
    /** RTP clock rate of video (RFC 6184 §8.2.1 for H.264, RFC 7798 for H.265). */
    public static final int VIDEO_CLOCK_RATE_HZ = 90_000;
    /** Default error above which the output steps instead of slewing. */
    public static final Duration DEFAULT_STEP_THRESHOLD = Duration.ofSeconds(1);
    /** Default largest SR-versus-receive-clock offset for which Sender Reports are trusted. */
    public static final Duration DEFAULT_MAX_SENDER_REPORT_OFFSET = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(WallClockMapper.class);
    /** Slew at most 500 ppm: 1/2000 of the media time elapsed. */
    private static final long SLEW_DIVISOR = 2000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final NvrClock clock;
    private final int clockRateHz;
    private final long stepThresholdNanos;
    private final long maxSenderReportOffsetNanos;

    private boolean haveSenderReportMapping;
    private long srPts90k;
    private long srWallNanos;

    private boolean haveLast;
    private long lastPts90k;
    private long lastWallNanos;
    private ClockSource currentSource = ClockSource.RECEIVE_CLOCK;

    // Written on the session's event loop, read by status queries on other threads (Duration is immutable).
    private volatile Duration cameraClockOffset;
    private boolean offsetEpisode;

    /**
     * @param clock                 our receive clock ({@link NvrClock#wallNow()})
     * @param clockRateHz           the stream's RTP clock rate; timestamps given to this object count at this
     *                              rate (90000 for video, so they are {@code pts90k})
     * @param stepThreshold         an error above this steps the output (default 1 s)
     * @param maxSenderReportOffset Sender Reports further than this from our clock are not used (default 5 s)
     */
    public WallClockMapper(NvrClock clock, int clockRateHz, Duration stepThreshold, Duration maxSenderReportOffset) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clockRateHz must be positive, got " + clockRateHz);
        }
        if (stepThreshold.isNegative() || stepThreshold.isZero()) {
            throw new IllegalArgumentException("stepThreshold must be positive, got " + stepThreshold);
        }
        if (maxSenderReportOffset.isNegative() || maxSenderReportOffset.isZero()) {
            throw new IllegalArgumentException("maxSenderReportOffset must be positive, got " + maxSenderReportOffset);
        }
        this.clockRateHz = clockRateHz;
        this.stepThresholdNanos = stepThreshold.toNanos();
        this.maxSenderReportOffsetNanos = maxSenderReportOffset.toNanos();
    }

    /** A mapper for a 90 kHz video stream with the default step threshold and largest SR offset. */
    public static WallClockMapper forVideo(NvrClock clock) {
        return new WallClockMapper(clock, VIDEO_CLOCK_RATE_HZ, DEFAULT_STEP_THRESHOLD,
                DEFAULT_MAX_SENDER_REPORT_OFFSET);
    }

    /**
     * Takes a Sender Report as it arrives.
     *
     * @param sr       the report
     * @param srPts90k the report's RTP timestamp, unwrapped by the same unwrapper as the stream's frames
     */
    public void onSenderReport(SenderReport sr, long srPts90k) {
        Instant srWall = sr.ntpInstant();
        Instant receiveNow = clock.wallNow();
        Duration offset = Duration.between(receiveNow, srWall);
        cameraClockOffset = offset;
        if (offset.abs().toNanos() > maxSenderReportOffsetNanos) {
            haveSenderReportMapping = false;
            if (!offsetEpisode) {
                offsetEpisode = true;
                log.warn("RTCP sender reports of SSRC {} are {} ms off our clock (limit {} ms):"
                                + " the camera's clock is wrong; using the receive clock",
                        sr.ssrc(), offset.toMillis(), maxSenderReportOffsetNanos / 1_000_000);
            }
            return;
        }
        if (offsetEpisode) {
            offsetEpisode = false;
            log.info("RTCP sender reports of SSRC {} are {} ms off our clock again, within the limit:"
                    + " using them", sr.ssrc(), offset.toMillis());
        }
        haveSenderReportMapping = true;
        this.srPts90k = srPts90k;
        this.srWallNanos = toEpochNanos(srWall);
    }

    /**
     * The wall-clock time of the access unit with presentation time {@code pts90k} (unwrapped, in ticks of the
     * clock rate), called once per access unit as it is received.
     */
    public WallClockMapping map(long pts90k) {
        ClockSource source;
        long targetNanos;
        if (haveSenderReportMapping) {
            source = ClockSource.RTCP_SR;
            targetNanos = srWallNanos + ticksToNanos(pts90k - srPts90k);
        } else {
            source = ClockSource.RECEIVE_CLOCK;
            targetNanos = toEpochNanos(clock.wallNow());
        }
        long outNanos;
        boolean stepped = false;
        if (!haveLast) {
            outNanos = targetNanos;
        } else {
            long elapsedNanos = ticksToNanos(pts90k - lastPts90k);
            long predictedNanos = lastWallNanos + elapsedNanos;
            long errNanos = targetNanos - predictedNanos;
            if (Math.abs(errNanos) > stepThresholdNanos) {
                outNanos = targetNanos;
                stepped = true;
            } else {
                long maxSlewNanos = Math.abs(elapsedNanos) / SLEW_DIVISOR;
                outNanos = predictedNanos + Math.max(-maxSlewNanos, Math.min(maxSlewNanos, errNanos));
            }
        }
        haveLast = true;
        lastPts90k = pts90k;
        lastWallNanos = outNanos;
        currentSource = source;
        return new WallClockMapping(fromEpochNanos(outNanos), source, stepped);
    }

    /**
     * The latest Sender Report's NTP time minus our receive clock when it arrived: positive when the camera's
     * clock is ahead. Empty before the first report. Reported whether or not the report was used.
     */
    public Optional<Duration> cameraClockOffset() {
        return Optional.ofNullable(cameraClockOffset);
    }

    /** What the latest mapped time followed ({@link ClockSource#RECEIVE_CLOCK} before any). */
    public ClockSource currentSource() {
        return currentSource;
    }

    /**
     * Forgets the Sender Report mapping and the output history, for a new session after a reconnect (the
     * camera may restart its RTP timestamps). The camera clock offset and the warning state are kept: they
     * describe the camera's clock, not the session.
     */
    public void reset() {
        haveSenderReportMapping = false;
        haveLast = false;
        currentSource = ClockSource.RECEIVE_CLOCK;
    }

    /** Ticks to nanoseconds without overflow for any tick count below about 2^63 / 10^9 seconds' worth. */
    private long ticksToNanos(long ticks) {
        return Math.floorDiv(ticks, clockRateHz) * NANOS_PER_SECOND
                + Math.floorMod(ticks, clockRateHz) * NANOS_PER_SECOND / clockRateHz;
    }

    private static long toEpochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    private static Instant fromEpochNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
