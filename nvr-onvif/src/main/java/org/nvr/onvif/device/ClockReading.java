package org.nvr.onvif.device;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The camera's clock as GetSystemDateAndTime reported it (ONVIF Core Specification, Device management), and its
 * offset from ours.
 *
 * @param cameraUtc       the camera's UTCDateTime (one-second resolution)
 * @param offset          camera time − our time at the middle of the exchange
 * @param ntp             DateTimeType is NTP
 * @param daylightSavings the DaylightSavings flag, echoed back by SetSystemDateAndTime
 * @param timeZone        the POSIX TZ string, when the camera reports one
 */
public record ClockReading(Instant cameraUtc, Duration offset, boolean ntp, boolean daylightSavings,
        Optional<String> timeZone) {
    /** Offsets beyond this are reported as a wrong camera clock (timestamps in recordings would drift). */
    public static final Duration WRONG_CLOCK_TOLERANCE = Duration.ofSeconds(5);

    public ClockReading {
        Objects.requireNonNull(cameraUtc, "cameraUtc");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(timeZone, "timeZone");
    }

    /** Whether |offset| exceeds {@link #WRONG_CLOCK_TOLERANCE}. */
    public boolean wrongClock() {
        return offset.abs().compareTo(WRONG_CLOCK_TOLERANCE) > 0;
    }
}
