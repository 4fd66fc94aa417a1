package org.nvr.core.rtp;

import java.time.Instant;

/**
 * The 64-bit NTP timestamp format (RFC 5905 §6, used by RTCP Sender Reports, RFC 3550 §4): 32 bits of
 * seconds since 1900-01-01 00:00 UTC and 32 bits of binary fraction.
 *
 * <p>The seconds field wraps on 2036-02-07 06:28:16 UTC. RFC 4330 §3 resolves the ambiguity for 1968..2104:
 * when the most significant bit of the seconds is set the time is in era 0 (1968..2036, counted from 1900);
 * when it is clear, the time is in era 1 (2036..2104, counted from 2036-02-07 06:28:16 UTC).
 */
public final class NtpTimestamp {
    /** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
    static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
    private static final long ERA_SECONDS = 1L << 32;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Earliest representable instant under RFC 4330 §3: NTP seconds 2^31 in era 0 (1968-01-20). */
    public static final Instant MIN = Instant.ofEpochSecond((1L << 31) - UNIX_EPOCH_NTP_SECONDS);
    /** Latest representable instant: the last nanosecond of NTP seconds 2^31 - 1 in era 1 (2104-02-26). */
    public static final Instant MAX = Instant.ofEpochSecond(
            (1L << 32) + (1L << 31) - 1 - UNIX_EPOCH_NTP_SECONDS, 999_999_999);

    private NtpTimestamp() {
    }

    /** The instant a 64-bit NTP timestamp stands for, rounded to the nanosecond. */
    public static Instant toInstant(long ntp) {
        long seconds = ntp >>> 32;
        long fraction = ntp & 0xFFFF_FFFFL;
        if (seconds < (1L << 31)) {
            seconds += ERA_SECONDS;  // RFC 4330 §3: era 1, after 2036-02-07
        }
        // fraction * 1e9 < 2^62: no overflow. Round half up; a carry into the seconds is normalised by Instant.
        long nanos = (fraction * NANOS_PER_SECOND + (1L << 31)) >>> 32;
        return Instant.ofEpochSecond(seconds - UNIX_EPOCH_NTP_SECONDS, nanos);
    }

    /**
     * The 64-bit NTP timestamp of {@code instant}, rounded to the nearest 2^-32 s.
     *
     * @throws IllegalArgumentException outside {@link #MIN}..{@link #MAX} (1968..2104), which NTP cannot say
     */
    public static long fromInstant(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException(instant + " is outside the NTP range " + MIN + " .. " + MAX);
        }
        long seconds = instant.getEpochSecond() + UNIX_EPOCH_NTP_SECONDS;
        // nanos < 2^30, so nanos << 32 < 2^62; the rounded fraction stays below 2^32.
        long fraction = (((long) instant.getNano() << 32) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return ((seconds & 0xFFFF_FFFFL) << 32) | fraction;
    }
}
