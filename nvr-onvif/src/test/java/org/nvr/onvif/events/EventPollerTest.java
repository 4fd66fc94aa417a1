package org.nvr.onvif.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.fake.FakeOnvifDevice.Raw;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.SoapClient;

class EventPollerTest {
    private static final char[] PASSWORD = "12345".toCharArray();
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private FakeOnvifDevice device;
    private SoapClient soap;
    private final MutableClock clock = new MutableClock(T0);
    private final List<OnvifEvent> seen = new ArrayList<>();

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    private EventPoller poller(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, "admin", PASSWORD);
        soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        URI service = new DeviceClient(soap, device.deviceUri()).discoverServices().find(Namespaces.EVENTS)
                .orElseThrow();
        return new EventPoller(soap, service, EventPollerSettings.defaults().withPullTimeout(Duration.ofSeconds(1)),
                seen::add, clock);
    }

    private int count(String operation) {
        return (int) device.received().stream().filter(e -> operation.equals(e.getLocalName())).count();
    }

    @Test
    void createsOncePullsRenewsWhenDueAndUnsubscribesOnClose() throws IOException {
        EventPoller p = poller("dahua");
        assertThat(p.pollOnce()).isEqualTo(2);
        assertThat(seen).extracting(e -> e.booleanData("IsMotion").orElseThrow()).containsExactly(true, false);
        assertThat(p.subscriptionAddress()).hasValue(device.uri("/onvif/event_service/subscription?Idx=3"));
        assertThat(p.pollOnce()).isEqualTo(2);
        assertThat(count("CreatePullPointSubscription")).isEqualTo(1);
        assertThat(count("Renew")).isZero();
        // Dahua's pull re-grants 60 s; 41 s later less than a third remains.
        clock.advance(Duration.ofSeconds(41));
        p.pollOnce();
        assertThat(count("Renew")).isEqualTo(1);
        assertThat(p.stats()).isEqualTo(new EventPollerStats(6, 0, 0, 1, 1, 0, 0));
        p.close();
        assertThat(count("Unsubscribe")).isEqualTo(1);
        assertThat(p.subscriptionAddress()).isEmpty();
    }

    @Test
    void faultDropsTheSubscriptionAndRetriesWithDoublingBackoff() throws IOException {
        EventPoller p = poller("axis");
        AtomicInteger pulls = new AtomicInteger();
        byte[] ok = FakeOnvifDevice.fixture("axis/PullMessages.xml").orElseThrow();
        byte[] fault = FakeOnvifDevice.fixture("faults/InvalidArgVal.xml").orElseThrow();
        // The first two pulls fault (as after a camera reboot forgot the subscription), then the camera recovers.
        device.route("PullMessages", env -> pulls.incrementAndGet() <= 2 ? Raw.soap(400, fault) : Raw.soap(200, ok));
        assertThat(p.pollOnce()).isZero();
        assertThat(p.nextAttempt()).isEqualTo(T0.plusSeconds(1));
        int requests = device.httpRequests();
        clock.advance(Duration.ofMillis(999));
        assertThat(p.pollOnce()).isZero();
        assertThat(device.httpRequests()).as("no request during the backoff").isEqualTo(requests);
        clock.advance(Duration.ofMillis(1));
        assertThat(p.pollOnce()).isZero();
        assertThat(p.nextAttempt()).isEqualTo(T0.plusSeconds(3));
        assertThat(count("CreatePullPointSubscription")).isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        assertThat(p.pollOnce()).isEqualTo(3);
        assertThat(count("CreatePullPointSubscription")).isEqualTo(3);
        assertThat(p.stats().failures()).isEqualTo(2);
        assertThat(p.stats().subscriptions()).isEqualTo(3);
        // Success reset the backoff: the next failure waits the minimum again.
        device.route("PullMessages", env -> Raw.soap(400, fault));
        p.pollOnce();
        assertThat(p.nextAttempt()).isEqualTo(clock.instant().plusSeconds(1));
    }

    @Test
    void expiredSubscriptionIsRecreatedAndConsumerErrorsDoNotStopPolling() throws IOException {
        device = new FakeOnvifDevice("axis", "admin", PASSWORD);
        soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        AtomicInteger calls = new AtomicInteger();
        EventPoller p = new EventPoller(soap, device.uri("/onvif/services"), EventPollerSettings.defaults()
                .withPullTimeout(Duration.ofSeconds(1)), e -> {
                    if (calls.incrementAndGet() == 2) {
                        throw new IllegalStateException("consumer bug");
                    }
                }, clock);
        assertThat(p.pollOnce()).isEqualTo(2);
        assertThat(p.stats().consumerErrors()).isEqualTo(1);
        // Axis's pull leaves 55 s; a scheduler stalled past that finds it expired and subscribes again.
        clock.advance(Duration.ofSeconds(56));
        p.pollOnce();
        assertThat(count("CreatePullPointSubscription")).isEqualTo(2);
        assertThat(count("Renew")).isZero();
    }

    @Test
    void settingsAreChecked() throws IOException {
        device = new FakeOnvifDevice("axis", "admin", PASSWORD);
        soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> new EventPoller(soap, device.uri("/onvif/services"), EventPollerSettings.defaults()
                .withPullTimeout(Duration.ofSeconds(5)), e -> { }, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pullTimeout'");
        assertThatThrownBy(() -> EventPollerSettings.defaults().withMessageLimit(2000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'messageLimit'");
        assertThatThrownBy(() -> new EventPollerSettings(TopicFilter.all(), Duration.ofSeconds(60),
                Duration.ofSeconds(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff");
        assertThat(device.httpRequests()).isZero();
    }
}
