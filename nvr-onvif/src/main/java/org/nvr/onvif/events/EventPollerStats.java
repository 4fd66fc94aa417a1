package org.nvr.onvif.events;

/**
 * Counters of an {@link EventPoller} since it was made.
 *
 * @param delivered     events handed to the consumer
 * @param malformed     notifications skipped as malformed
 * @param dropped       notifications beyond the message limit
 * @param subscriptions subscriptions created
 * @param renewals      renewals sent
 * @param failures      polls that failed (the subscription is then recreated after a backoff)
 * @param consumerErrors exceptions thrown by the consumer (the event is skipped, polling goes on)
 */
public record EventPollerStats(long delivered, long malformed, long dropped, long subscriptions, long renewals,
        long failures, long consumerErrors) {
}
