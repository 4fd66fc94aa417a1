package org.nvr.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nvr.core.testing.StreamItems.delta;
import static org.nvr.core.testing.StreamItems.gap;
import static org.nvr.core.testing.StreamItems.key;
import static org.nvr.core.testing.StreamItems.otherParameters;
import static org.nvr.core.testing.StreamItems.parameters;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.testing.StreamItems;

class ReaderQueueTest {

    private static List<StreamItem> drain(ReaderQueue queue) {
        List<StreamItem> items = new ArrayList<>();
        for (StreamItem item = queue.poll(); item != null; item = queue.poll()) {
            items.add(item);
        }
        return items;
    }

    @Test
    void rejectsCapacityBelowOne() {
        assertThatThrownBy(() -> new ReaderQueue(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacityUnits");
    }

    @Test
    void startQueuesParametersThenTheGop() {
        ReaderQueue queue = new ReaderQueue(10);

        int dropped = queue.start(parameters(), List.of(key(0), delta(1), delta(2)));

        assertThat(dropped).isZero();
        assertThat(drain(queue)).containsExactly(parameters(), key(0), delta(1), delta(2));
        queue.offer(delta(3));
        assertThat(queue.poll()).isEqualTo(delta(3));
    }

    @Test
    void withoutGopTheReaderWaitsForAKeyframeWithoutCounting() {
        ReaderQueue queue = new ReaderQueue(10);
        queue.start(parameters(), List.of());

        assertThat(queue.offer(delta(1))).isZero();
        assertThat(queue.offer(key(2))).isZero();
        assertThat(queue.offer(delta(3))).isZero();

        assertThat(drain(queue)).containsExactly(parameters(), key(2), delta(3));
    }

    @Test
    void gopLongerThanTheCapacityIsCutAndTheRestCountedAsDropped() {
        ReaderQueue queue = new ReaderQueue(2);

        int dropped = queue.start(null, List.of(key(0), delta(1), delta(2)));

        assertThat(dropped).isEqualTo(1);
        assertThat(drain(queue)).containsExactly(key(0), delta(1));
        assertThat(queue.offer(delta(3))).as("skipped: the reader lacks frame 2").isEqualTo(1);
        assertThat(queue.offer(key(4))).isZero();
        assertThat(drain(queue)).containsExactly(key(4));
    }

    @Test
    void overflowDiscardsQueuedUnitsAndSkipsToTheNextKeyframe() {
        ReaderQueue queue = new ReaderQueue(3);
        queue.start(null, List.of(key(0)));
        queue.offer(delta(1));
        queue.offer(delta(2));

        assertThat(queue.offer(delta(3))).as("3 queued + this one").isEqualTo(4);
        assertThat(queue.size()).isZero();
        assertThat(queue.offer(delta(4))).isEqualTo(1);
        assertThat(queue.offer(key(5))).isZero();
        assertThat(queue.offer(delta(6))).isZero();

        assertThat(drain(queue)).containsExactly(key(5), delta(6));
    }

    @Test
    void keyframeArrivingAtAFullQueueReplacesItsUnitsAtOnce() {
        ReaderQueue queue = new ReaderQueue(2);
        queue.start(null, List.of(key(0), delta(1)));

        assertThat(queue.offer(key(2))).isEqualTo(2);
        assertThat(queue.offer(delta(3))).isZero();

        assertThat(drain(queue)).containsExactly(key(2), delta(3));
    }

    @Test
    void overflowKeepsParametersAndGapsInOrder() {
        ReaderQueue queue = new ReaderQueue(2);
        Gap gap = gap(10, 12, GapCause.NETWORK);
        queue.start(parameters(), List.of(key(0)));
        queue.offer(otherParameters());
        queue.offer(delta(1));
        queue.offer(gap);

        assertThat(queue.offer(key(2))).as("full: frames 0 and 1 go").isEqualTo(2);

        assertThat(drain(queue)).containsExactly(parameters(), otherParameters(), gap, key(2));
    }

    @Test
    void afterAGapUnitsWaitForAKeyframeWithoutCounting() {
        ReaderQueue queue = new ReaderQueue(10);
        queue.start(null, List.of(key(0)));
        Gap gap = gap(1, 5, GapCause.CAMERA);

        queue.offer(gap);
        assertThat(queue.offer(delta(1))).isZero();
        queue.offer(key(2));

        assertThat(drain(queue)).containsExactly(key(0), gap, key(2));
    }

    @Test
    void tooManyControlItemsCollapseToOneMergedGapAndTheLatestParameters() {
        ReaderQueue queue = new ReaderQueue(100);
        queue.start(parameters(), List.of(key(0)));
        // 15 more control items: gaps at seconds 1-2, 3-4, ... each followed by a keyframe, and parameters
        // after every other gap; 1 + 8 gaps + 7 parameters = 16 queued.
        int queuedUnits = 1;
        long frame = 1;
        for (int i = 0; i < 8; i++) {
            GapCause cause = i == 0 ? GapCause.NETWORK : GapCause.CAMERA;
            queue.offer(new Gap(StreamItems.T0.plusSeconds(2 * i + 1), StreamItems.T0.plusSeconds(2 * i + 2), cause,
                    "gap " + i));
            if (i < 7) {
                queue.offer(i % 2 == 0 ? otherParameters() : parameters());
            }
            queue.offer(key(frame++));
            queuedUnits++;
        }
        assertThat(queue.size()).isEqualTo(16 + queuedUnits);

        VideoParameters latest = otherParameters();
        int dropped = queue.offer(latest);

        assertThat(dropped).isEqualTo(queuedUnits);
        List<StreamItem> items = drain(queue);
        assertThat(items).hasSize(3);
        Gap merged = (Gap) items.get(0);
        assertThat(merged.start()).isEqualTo(StreamItems.T0.plusSeconds(1));
        assertThat(merged.end()).isEqualTo(StreamItems.T0.plusSeconds(16));
        assertThat(merged.cause()).isEqualTo(GapCause.NETWORK);
        assertThat(merged.detail()).isEqualTo("gap 0");
        // i = 6 queued otherParameters() last; then the new item.
        assertThat(items.get(1)).isEqualTo(otherParameters());
        assertThat(items.get(2)).isSameAs(latest);
        assertThat(queue.offer(delta(frame))).as("skipping after the collapse").isEqualTo(1);
        queue.offer(key(frame + 1));
        assertThat(queue.poll()).isEqualTo(key(frame + 1));
    }

    @Test
    void collapsingOnlyParametersKeepsALiveReaderLive() {
        ReaderQueue queue = new ReaderQueue(10);
        queue.start(null, List.of(key(0)));
        queue.poll();
        for (int i = 0; i < ReaderQueue.MAX_CONTROL_ITEMS; i++) {
            queue.offer(i % 2 == 0 ? parameters() : otherParameters());
        }

        assertThat(queue.offer(parameters())).isZero();
        assertThat(queue.offer(delta(1))).isZero();

        // The 16th queued was otherParameters(); the new one follows it.
        assertThat(drain(queue)).containsExactly(otherParameters(), parameters(), delta(1));
    }

    @Test
    void aReaderThatNeverReadsStaysBoundedAndLosesNoGapTime() {
        int capacity = 8;
        ReaderQueue queue = new ReaderQueue(capacity);
        queue.start(parameters(), List.of());
        List<Gap> published = new ArrayList<>();
        VideoParameters lastParameters = parameters();
        for (long frame = 0; frame < 5003; frame++) {
            if (frame % 25 == 0) {
                // A reconnect every second of video: the gap, new parameters, then a keyframe.
                Gap gap = gap((int) frame, (int) frame + 1, GapCause.NETWORK);
                published.add(gap);
                queue.offer(gap);
                lastParameters = frame % 50 == 0 ? otherParameters() : parameters();
                queue.offer(lastParameters);
            }
            queue.offer(frame % 25 == 0 ? key(frame) : delta(frame));
            assertThat(queue.size()).isLessThanOrEqualTo(capacity + ReaderQueue.MAX_CONTROL_ITEMS);
        }

        List<StreamItem> items = drain(queue);
        List<Gap> delivered = new ArrayList<>();
        VideoParameters lastDelivered = null;
        for (StreamItem item : items) {
            if (item instanceof Gap gap) {
                delivered.add(gap);
            } else if (item instanceof VideoParameters p) {
                lastDelivered = p;
            }
        }
        assertThat(lastDelivered).isEqualTo(lastParameters);
        for (Gap gap : published) {
            assertThat(delivered).as("a delivered gap covers %s", gap).anyMatch(
                    d -> !d.start().isAfter(gap.start()) && !d.end().isBefore(gap.end()));
        }
        List<AccessUnit> units = items.stream().filter(AccessUnit.class::isInstance)
                .map(AccessUnit.class::cast).toList();
        assertThat(units).isNotEmpty();
        assertThat(units.get(0).keyframe()).isTrue();
    }

    @Test
    void clearEmptiesTheQueue() {
        ReaderQueue queue = new ReaderQueue(4);
        queue.start(parameters(), List.of(key(0)));

        queue.clear();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
    }
}
