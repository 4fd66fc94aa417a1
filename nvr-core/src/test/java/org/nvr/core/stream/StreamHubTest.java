package org.nvr.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nvr.core.testing.StreamItems.delta;
import static org.nvr.core.testing.StreamItems.gap;
import static org.nvr.core.testing.StreamItems.key;
import static org.nvr.core.testing.StreamItems.otherParameters;
import static org.nvr.core.testing.StreamItems.parameters;
import static org.nvr.core.testing.StreamItems.sized;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.StreamItem;

class StreamHubTest {

    private final StreamHub hub = new StreamHub("cam1", "main", HubLimits.DEFAULT, new SimpleMeterRegistry());

    private static List<StreamItem> drain(HubReader reader) {
        List<StreamItem> items = new ArrayList<>();
        for (StreamItem item = reader.poll(); item != null; item = reader.poll()) {
            items.add(item);
        }
        return items;
    }

    @Test
    void newReaderStartsWithTheParametersThenTheCachedGopFromItsKeyframe() {
        hub.publish(parameters());
        hub.publish(delta(0));
        hub.publish(key(1));
        hub.publish(delta(2));
        hub.publish(delta(3));

        HubReader reader = hub.subscribe("restream", 100, null);

        assertThat(reader.queued()).isEqualTo(4);
        assertThat(drain(reader)).containsExactly(parameters(), key(1), delta(2), delta(3));
        hub.publish(delta(4));
        assertThat(drain(reader)).containsExactly(delta(4));
        assertThat(reader.droppedUnits()).isZero();
    }

    @Test
    void newReaderWithNothingCachedStartsAtTheNextKeyframe() {
        HubReader reader = hub.subscribe("recorder", 100, null);
        assertThat(reader.poll()).isNull();

        hub.publish(parameters());
        hub.publish(delta(0));
        hub.publish(key(1));
        hub.publish(delta(2));

        assertThat(drain(reader)).containsExactly(parameters(), key(1), delta(2));
        assertThat(reader.droppedUnits()).as("a fast reader would not have got frame 0 either").isZero();
    }

    @Test
    void gopCacheRestartsAtEachKeyframe() {
        hub.publish(parameters());
        hub.publish(key(0));
        hub.publish(delta(1));
        hub.publish(key(2));
        hub.publish(delta(3));

        assertThat(drain(hub.subscribe("snapshot", 10, null)))
                .containsExactly(parameters(), key(2), delta(3));
    }

    @Test
    void gapClearsTheGopCacheSoNoReaderStartsBeforeIt() {
        Gap gap = gap(1, 3, GapCause.NETWORK);
        hub.publish(parameters());
        hub.publish(key(0));
        hub.publish(delta(1));
        hub.publish(gap);

        HubReader reader = hub.subscribe("restream", 10, null);
        hub.publish(delta(2));
        hub.publish(key(3));

        assertThat(drain(reader)).containsExactly(parameters(), key(3));
    }

    @Test
    void gopCacheOverTheUnitLimitIsNotOffered() {
        StreamHub small = new StreamHub("cam1", "main", new HubLimits(3, 1 << 20), new SimpleMeterRegistry());
        small.publish(parameters());
        small.publish(key(0));
        small.publish(delta(1));
        small.publish(delta(2));
        small.publish(delta(3));

        HubReader reader = small.subscribe("restream", 10, null);
        small.publish(delta(4));
        small.publish(key(5));

        assertThat(drain(reader)).containsExactly(parameters(), key(5));
    }

    @Test
    void gopCacheOverTheByteLimitIsNotOffered() {
        StreamHub small = new StreamHub("cam1", "main", new HubLimits(300, 1000), new SimpleMeterRegistry());
        small.publish(sized(0, true, 700));
        small.publish(sized(1, false, 301));

        HubReader reader = small.subscribe("restream", 10, null);

        assertThat(reader.poll()).isNull();
    }

    @Test
    void slowReaderSkipsToTheNextKeyframeWhileAFastReaderGetsEverything() {
        HubReader fast = hub.subscribe("restream", 100, null);
        HubReader slow = hub.subscribe("recorder", 5, null);
        List<StreamItem> fastItems = new ArrayList<>();

        // 45 frames, a keyframe every 10; the slow reader never reads.
        for (long frame = 0; frame < 45; frame++) {
            hub.publish(frame % 10 == 0 ? key(frame) : delta(frame));
            fastItems.addAll(drain(fast));
        }

        assertThat(fastItems).hasSize(45);
        assertThat(fast.droppedUnits()).isZero();
        // Each of the first 4 GOPs: 5 queued, then the 6th overflows: all 10 are lost. The 5th GOP fits.
        assertThat(slow.droppedUnits()).isEqualTo(40);
        assertThat(drain(slow)).containsExactly(key(40), delta(41), delta(42), delta(43), delta(44));
    }

    @Test
    void parametersAndGapsReachASlowReaderInOrder() {
        HubReader slow = hub.subscribe("recorder", 2, null);
        Gap first = gap(1, 2, GapCause.NETWORK);
        Gap second = gap(5, 9, GapCause.CAMERA);

        hub.publish(parameters());
        for (long frame = 0; frame < 10; frame++) {
            hub.publish(frame % 5 == 0 ? key(frame) : delta(frame));
        }
        hub.publish(first);
        hub.publish(otherParameters());
        for (long frame = 10; frame < 20; frame++) {
            hub.publish(frame % 5 == 0 ? key(frame) : delta(frame));
        }
        hub.publish(second);

        assertThat(drain(slow)).containsExactly(parameters(), first, otherParameters(), second);
        assertThat(slow.droppedUnits()).isPositive();
        assertThat(hub.parameters()).isEqualTo(otherParameters());
    }

    @Test
    void onAvailableIsCalledOnlyWhenTheQueueGoesFromEmptyToNonEmpty() {
        hub.publish(parameters());
        hub.publish(key(0));
        AtomicInteger calls = new AtomicInteger();
        HubReader reader = hub.subscribe("restream", 10, calls::incrementAndGet);
        assertThat(calls).as("not for what subscribing queued").hasValue(0);

        hub.publish(delta(1));
        assertThat(calls).as("queue was not empty").hasValue(0);
        drain(reader);

        hub.publish(delta(2));
        assertThat(calls).hasValue(1);
        hub.publish(delta(3));
        assertThat(calls).hasValue(1);
        drain(reader);

        hub.publish(gap(1, 2, GapCause.NETWORK));
        assertThat(calls).hasValue(2);
        drain(reader);
        hub.publish(delta(4));
        assertThat(calls).as("unit ignored while waiting for a keyframe").hasValue(2);
        hub.publish(key(5));
        assertThat(calls).hasValue(3);
    }

    @Test
    void failingOnAvailableStopsNeitherThePublisherNorOtherReaders() {
        HubReader failing = hub.subscribe("restream", 10, () -> {
            throw new IllegalStateException("event loop shut down");
        });
        HubReader other = hub.subscribe("recorder", 10, null);

        hub.publish(key(0));
        drain(failing);
        hub.publish(delta(1));

        assertThat(drain(other)).containsExactly(key(0), delta(1));
        assertThat(drain(failing)).containsExactly(delta(1));
    }

    @Test
    void closingAReaderStopsDeliveryAndIsIdempotent() {
        hub.publish(key(0));
        HubReader reader = hub.subscribe("restream", 10, null);
        HubReader other = hub.subscribe("restream", 10, null);
        assertThat(hub.readerCount()).isEqualTo(2);

        reader.close();
        hub.publish(delta(1));
        reader.close();

        assertThat(reader.isClosed()).isTrue();
        assertThat(reader.poll()).isNull();
        assertThat(reader.queued()).isZero();
        assertThat(hub.readerCount()).isEqualTo(1);
        assertThat(drain(other)).containsExactly(key(0), delta(1));
    }

    @Test
    @Timeout(10)
    void pollWithTimeoutWaitsForTheNextItem() throws Exception {
        HubReader reader = hub.subscribe("recorder", 10, null);
        CompletableFuture<StreamItem> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.poll(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);

        hub.publish(key(0));

        assertThat(polled.get(5, TimeUnit.SECONDS)).isEqualTo(key(0));
    }

    @Test
    void pollWithTimeoutReturnsNullWhenNothingArrives() throws InterruptedException {
        HubReader reader = hub.subscribe("recorder", 10, null);
        long startNanos = System.nanoTime();

        assertThat(reader.poll(Duration.ofMillis(30))).isNull();

        assertThat(System.nanoTime() - startNanos).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        assertThat(reader.poll(Duration.ZERO)).isNull();
    }

    @Test
    @Timeout(10)
    void closingTheHubClosesReadersWakesThemAndIgnoresLaterItems() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HubReader eventDriven = hub.subscribe("restream", 10, calls::incrementAndGet);
        HubReader blocking = hub.subscribe("recorder", 10, null);
        CompletableFuture<StreamItem> polled = CompletableFuture.supplyAsync(() -> {
            try {
                return blocking.poll(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);

        hub.close();
        hub.close();
        hub.publish(key(0));

        assertThat(polled.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(calls).hasValue(1);
        assertThat(eventDriven.isClosed()).isTrue();
        assertThat(eventDriven.poll()).isNull();
        assertThat(hub.readerCount()).isZero();
        assertThatThrownBy(() -> hub.subscribe("restream", 10, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cam1/main");
        eventDriven.close();
    }

    @Test
    void rejectsRolesThatLookLikeSessionIdsAndBadCapacities() {
        assertThatThrownBy(() -> hub.subscribe("restream/9f3a2b", 10, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role");
        assertThatThrownBy(() -> hub.subscribe("Recorder", 10, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.subscribe("", 10, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.subscribe("recorder", 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> hub.subscribe("recorder", StreamHub.MAX_QUEUE_CAPACITY + 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hub.readerCount()).isZero();
    }

    @Test
    void refusesReadersBeyondTheLimit() {
        for (int i = 0; i < StreamHub.MAX_READERS; i++) {
            hub.subscribe("restream", 1, null);
        }

        assertThatThrownBy(() -> hub.subscribe("restream", 1, null)).isInstanceOfSatisfying(NvrException.class,
                e -> assertThat(e.kind()).isEqualTo(NvrException.Kind.RESOURCE_EXHAUSTED));
        assertThat(hub.readerCount()).isEqualTo(StreamHub.MAX_READERS);
    }

    @Test
    void rejectsBlankNamesAndNullItems() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(() -> new StreamHub(" ", "main", HubLimits.DEFAULT, registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cameraId");
        assertThatThrownBy(() -> new StreamHub("cam1", "", HubLimits.DEFAULT, registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamName");
        assertThatThrownBy(() -> hub.publish(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void reportsItsNamesAndCurrentParameters() {
        assertThat(hub.cameraId()).isEqualTo("cam1");
        assertThat(hub.streamName()).isEqualTo("main");
        assertThat(hub.parameters()).isNull();

        hub.publish(parameters());

        assertThat(hub.parameters()).isEqualTo(parameters());
    }
}
