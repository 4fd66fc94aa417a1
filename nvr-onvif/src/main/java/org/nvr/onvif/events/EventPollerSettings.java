package org.nvr.onvif.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventPoller} subscribes and pulls.
 *
 * @param filter       topics to subscribe to
 * @param lifetime     subscription InitialTerminationTime and renewal lifetime (default 60 s)
 * @param pullTimeout  PullMessages wait, below the SOAP client's timeout (default 5 s)
 * @param messageLimit PullMessages MessageLimit, 1..1024 (default 64)
 * @param minBackoff   wait after the first failure (default 1 s), doubled per failure
 * @param maxBackoff   longest wait between attempts (default 60 s)
 */
public record EventPollerSettings(TopicFilter filter, Duration lifetime, Duration pullTimeout, int messageLimit,
        Duration minBackoff, Duration maxBackoff) {
    public EventPollerSettings {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(pullTimeout, "pullTimeout");
        if (messageLimit < 1 || messageLimit > PullPointSubscription.MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("'messageLimit' must be 1.." + PullPointSubscription.MAX_MESSAGE_LIMIT
                    + ": " + messageLimit);
        }
        if (minBackoff == null || minBackoff.isNegative() || minBackoff.isZero() || maxBackoff == null
                || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 < minBackoff <= maxBackoff: " + minBackoff + ", "
                    + maxBackoff);
        }
    }

    /** Motion and tamper, with the defaults. */
    public static EventPollerSettings defaults() {
        return new EventPollerSettings(TopicFilter.motionAndTamper(), Duration.ofSeconds(60), Duration.ofSeconds(5),
                64, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public EventPollerSettings withFilter(TopicFilter f) {
        return new EventPollerSettings(f, lifetime, pullTimeout, messageLimit, minBackoff, maxBackoff);
    }

    public EventPollerSettings withPullTimeout(Duration t) {
        return new EventPollerSettings(filter, lifetime, t, messageLimit, minBackoff, maxBackoff);
    }

    public EventPollerSettings withMessageLimit(int limit) {
        return new EventPollerSettings(filter, lifetime, pullTimeout, limit, minBackoff, maxBackoff);
    }
}
