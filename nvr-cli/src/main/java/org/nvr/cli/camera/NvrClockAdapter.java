package org.nvr.cli.camera;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.nvr.core.time.NvrClock;

/** Our injected wall clock as a {@link Clock} in UTC, for the ONVIF client (token times, clock offsets). */
final class NvrClockAdapter extends Clock {
    private final NvrClock clock;

    NvrClockAdapter(NvrClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the NVR clock is read in UTC only");
        }
        return this;
    }

    @Override
    public Instant instant() {
        return clock.wallNow();
    }
}
