package org.nvr.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.testing.StreamItems;

/**
 * One publisher, readers of several speeds and capacities, and a thread subscribing and closing readers, for
 * 2 s. Every reader must see its units in increasing pts order, never a unit before parameters, and every
 * run of units (after subscribing, a gap or a drop) starting at a keyframe.
 */
class StreamHubStressTest {
    private static final Duration RUN = Duration.ofSeconds(2);

    private final StreamHub hub = new StreamHub("cam1", "main", new HubLimits(40, 1 << 20),
            new SimpleMeterRegistry());
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean publishing = new AtomicBoolean(true);

    /** Checks one reader's sequence of items. */
    private static final class SequenceCheck {
        private boolean seenParameters;
        private long lastPts90k = -1;
        private boolean afterGap = true;
        long units;

        void accept(StreamItem item) {
            if (item instanceof VideoParameters) {
                seenParameters = true;
            } else if (item instanceof Gap) {
                afterGap = true;
            } else {
                AccessUnit unit = (AccessUnit) item;
                if (!seenParameters) {
                    throw new AssertionError("unit before parameters: " + unit);
                }
                if (unit.pts90k() <= lastPts90k) {
                    throw new AssertionError("pts " + unit.pts90k() + " after " + lastPts90k);
                }
                boolean continues = !afterGap && unit.pts90k() == lastPts90k + StreamItems.FRAME_90K;
                if (!continues && !unit.keyframe()) {
                    throw new AssertionError("run starts without a keyframe: " + unit + " after " + lastPts90k);
                }
                lastPts90k = unit.pts90k();
                afterGap = false;
                units++;
            }
        }
    }

    private Thread start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        }, name);
        thread.start();
        return thread;
    }

    private Runnable pollingReader(HubReader reader, Duration pause, AtomicLong unitsSeen) {
        return () -> {
            SequenceCheck check = new SequenceCheck();
            try {
                while (publishing.get()) {
                    StreamItem item = reader.poll(Duration.ofMillis(5));
                    if (item != null) {
                        check.accept(item);
                        if (!pause.isZero()) {
                            LockSupport.parkNanos(pause.toNanos());
                        }
                    }
                }
                for (StreamItem item = reader.poll(); item != null; item = reader.poll()) {
                    check.accept(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            unitsSeen.set(check.units);
        };
    }

    @Test
    @Timeout(30)
    void concurrentPublisherAndReadersKeepOrderAndKeyframeStarts() throws Exception {
        hub.publish(StreamItems.parameters());
        AtomicLong fastUnits = new AtomicLong();
        AtomicLong slowUnits = new AtomicLong();
        AtomicLong tinyUnits = new AtomicLong();
        HubReader fast = hub.subscribe("recorder", 1000, null);
        HubReader slow = hub.subscribe("restream", 8, null);
        HubReader tiny = hub.subscribe("snapshot", 1, null);
        AtomicLong signals = new AtomicLong();
        HubReader signalled = hub.subscribe("restream", 64, signals::incrementAndGet);
        AtomicLong published = new AtomicLong();

        List<Thread> threads = new ArrayList<>();
        threads.add(start("fast", pollingReader(fast, Duration.ZERO, fastUnits)));
        threads.add(start("slow", pollingReader(slow, Duration.ofMillis(1), slowUnits)));
        threads.add(start("tiny", pollingReader(tiny, Duration.ofMillis(3), tinyUnits)));
        threads.add(start("signalled", () -> {
            SequenceCheck check = new SequenceCheck();
            while (publishing.get() || signalled.queued() > 0) {
                for (StreamItem item = signalled.poll(); item != null; item = signalled.poll()) {
                    check.accept(item);
                }
                LockSupport.parkNanos(200_000);
            }
        }));
        threads.add(start("churn", () -> {
            // Readers come and go while the publisher runs; each checks what it got before closing.
            while (publishing.get()) {
                HubReader reader = hub.subscribe("restream", 16, null);
                SequenceCheck check = new SequenceCheck();
                for (int i = 0; i < 50; i++) {
                    StreamItem item = reader.poll();
                    if (item != null) {
                        check.accept(item);
                    }
                    LockSupport.parkNanos(50_000);
                }
                reader.close();
                if (reader.poll() != null) {
                    throw new AssertionError("item after close");
                }
            }
        }));
        Thread publisher = start("publisher", () -> {
            long endNanos = System.nanoTime() + RUN.toNanos();
            long frame = 0;
            while (System.nanoTime() < endNanos) {
                if (frame > 0 && frame % 500 == 0) {
                    // A reconnect: the gap, (new) parameters, and the stream resumes at a keyframe.
                    hub.publish(StreamItems.gap(0, 1, GapCause.NETWORK));
                    hub.publish(frame % 1000 == 0 ? StreamItems.parameters() : StreamItems.otherParameters());
                }
                hub.publish(frame % 25 == 0 || frame % 500 == 0 ? StreamItems.key(frame) : StreamItems.delta(frame));
                frame++;
                published.set(frame);
                LockSupport.parkNanos(20_000);
            }
        });

        publisher.join();
        publishing.set(false);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(published.get()).isGreaterThan(100);
        assertThat(fastUnits.get()).isPositive();
        assertThat(slowUnits.get()).isPositive();
        assertThat(tinyUnits.get()).isPositive();
        assertThat(signals.get()).isPositive();
        assertThat(fastUnits.get() + fast.droppedUnits()).isLessThanOrEqualTo(published.get());
        assertThat(slowUnits.get() + slow.droppedUnits()).isLessThanOrEqualTo(published.get());
        assertThat(tiny.droppedUnits()).as("a 1-unit queue read every 3 ms must fall behind").isPositive();
        assertThat(hub.readerCount()).isEqualTo(4);
    }
}
