package org.nvr.core.camera;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard ingest tries.
 *
 * @param stallTimeout no access unit for this long ends the session as a network stall (default 10 s)
 * @param minBackoff   first reconnect delay (default 1 s)
 * @param maxBackoff   largest reconnect delay (default 30 s)
 * @param jitter       random fraction of each delay, 0..1 (default 0.2)
 */
public record IngestPolicy(Duration stallTimeout, Duration minBackoff, Duration maxBackoff, double jitter) {
    public static final IngestPolicy DEFAULT = new IngestPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(30), 0.2);

    public IngestPolicy {
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (stallTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("stallTimeout must be at least 100 ms");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1");
        }
    }
}
