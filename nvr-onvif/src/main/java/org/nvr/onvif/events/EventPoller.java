package org.nvr.onvif.events;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.nvr.onvif.soap.OnvifException;
import org.nvr.onvif.soap.SoapClient;

/**
 * Keeps one camera's pull-point subscription alive and hands its events to a consumer. It has no thread: the
 * NVR's scheduler calls {@link #pollOnce()} repeatedly (each call blocks up to the pull timeout). A poll creates
 * the subscription when there is none, renews it when a third of its lifetime remains, recreates it when it has
 * expired, and pulls. Any {@link OnvifException} (fault, timeout, camera reboot losing the subscription) drops
 * the subscription and waits a backoff, doubling from {@code minBackoff} to {@code maxBackoff}, before the next
 * attempt; a successful pull resets the backoff. Not thread-safe: one caller at a time.
 */
public final class EventPoller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventPoller.class.getName());

    private final SoapClient soap;
    private final URI eventService;
    private final Consumer<OnvifEvent> consumer;
    private final EventPollerSettings settings;
    private final Clock clock;
    private PullPointSubscription subscription;
    private Duration backoff = Duration.ZERO;
    private Instant nextAttempt = Instant.MIN;
    private long delivered;
    private long malformed;
    private long dropped;
    private long subscriptions;
    private long renewals;
    private long failures;
    private long consumerErrors;

    public EventPoller(SoapClient soap, URI eventService, EventPollerSettings settings, Consumer<OnvifEvent> consumer,
            Clock clock) {
        this.soap = Objects.requireNonNull(soap, "soap");
        this.eventService = Objects.requireNonNull(eventService, "eventService");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (settings.pullTimeout().compareTo(soap.timeout()) >= 0) {
            throw new IllegalArgumentException("'pullTimeout' " + settings.pullTimeout()
                    + " must be below the SOAP timeout " + soap.timeout());
        }
    }

    /**
     * One step: returns the number of events delivered, 0 when waiting out a backoff (no request is sent then)
     * or when the attempt failed.
     */
    public int pollOnce() {
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            return 0;
        }
        try {
            if (subscription != null && subscription.expired(now)) {
                LOG.log(System.Logger.Level.INFO, () -> eventService + ": subscription expired, recreating");
                subscription = null;
            }
            if (subscription == null) {
                subscription = PullPointSubscription.create(soap, eventService, settings.filter(),
                        settings.lifetime(), clock);
                subscriptions++;
            } else if (subscription.renewIfDue(now)) {
                renewals++;
            }
            PullResult r = subscription.pull(settings.pullTimeout(), settings.messageLimit());
            malformed += r.malformed();
            dropped += r.dropped();
            backoff = Duration.ZERO;
            int n = 0;
            for (OnvifEvent e : r.events()) {
                try {
                    consumer.accept(e);
                    n++;
                } catch (RuntimeException ce) {
                    consumerErrors++;
                    LOG.log(System.Logger.Level.WARNING, () -> eventService + ": event consumer failed on "
                            + e.topic() + ": " + ce);
                }
            }
            delivered += n;
            return n;
        } catch (OnvifException e) {
            failures++;
            subscription = null;
            backoff = backoff.isZero() ? settings.minBackoff() : min(backoff.multipliedBy(2), settings.maxBackoff());
            nextAttempt = clock.instant().plus(backoff);
            Duration wait = backoff;
            // Debug only: the caller counts failures and logs when a camera starts and stops failing; a line per
            // poll would flood the log for as long as a rural site's link is down.
            LOG.log(System.Logger.Level.DEBUG, () -> "event poll failed, retrying in " + wait + ": "
                    + e.getMessage());
            return 0;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The current subscription's address, when there is one. */
    public Optional<URI> subscriptionAddress() {
        return Optional.ofNullable(subscription).map(PullPointSubscription::address);
    }

    /** When the next attempt may send requests (after a failure). */
    public Instant nextAttempt() {
        return nextAttempt;
    }

    public EventPollerStats stats() {
        return new EventPollerStats(delivered, malformed, dropped, subscriptions, renewals, failures, consumerErrors);
    }

    /** Unsubscribes, when subscribed; a failure is logged (the camera drops the subscription at expiry anyway). */
    @Override
    public void close() {
        PullPointSubscription s = subscription;
        subscription = null;
        if (s == null) {
            return;
        }
        try {
            s.unsubscribe();
        } catch (OnvifException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> s.address() + ": Unsubscribe failed, the subscription will "
                    + "expire at " + s.expiresAt() + ": " + e.getMessage());
        }
    }
}
