package org.nvr.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nvr.core.testing.StreamItems.T0;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.testing.StreamItems;

class IndexWriterTest {
    private static final StreamKey STREAM = new StreamKey("cam1", "main");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecorderMetrics metrics = new RecorderMetrics(registry, STREAM);
    private final FakeRecordingIndex index = new FakeRecordingIndex(0);

    private static SegmentSummary segment(long sequence) {
        SegmentStart start = new SegmentStart(STREAM, sequence, T0.plusSeconds(60 * sequence), 0,
                StreamItems.parameters(), ClockSource.RECEIVE_CLOCK);
        return new SegmentSummary(start, Path.of("cam1", sequence + ".mp4"), start.startUtc().plusSeconds(60),
                60 * 90_000L, 1_000_000, 1500, "00".repeat(32), List.of(), EndReason.DURATION);
    }

    @Test
    void writesInOrderAndRetriesFailedWritesBeforeTheNextOne() {
        index.failAddSegment(1);
        IndexWriter writer = new IndexWriter(STREAM, index, 4, metrics);
        writer.addSegment(segment(0));
        assertThat(writer.pending()).isEqualTo(1);
        assertThat(writer.lastError()).contains("database connection lost");
        Gap gap = new Gap(T0.plusSeconds(60), T0.plusSeconds(70), GapCause.NETWORK, "stall");
        writer.addGap(gap);
        writer.addSegment(segment(1));

        assertThat(writer.pending()).isZero();
        assertThat(index.allSegments()).extracting(s -> s.start().sequence()).containsExactly(0L, 1L);
        assertThat(index.allGaps()).containsExactly(gap);
        assertThat(registry.get("nvr.record.index.errors").counter().count()).isEqualTo(1);
    }

    @Test
    void keepsAtMostMaxPendingWritesDroppingTheOldest() {
        index.failAddSegment(1, 2, 3, 4);
        IndexWriter writer = new IndexWriter(STREAM, index, 2, metrics);
        writer.addSegment(segment(0));
        writer.addSegment(segment(1));
        // Full: segment 0 is given up (its file stays on disk for startup recovery).
        writer.addSegment(segment(2));
        assertThat(writer.pending()).isEqualTo(2);
        assertThat(writer.flush()).isFalse();
        // Full again: segment 1 is given up; call 5 works, so segments 2 and 3 are written.
        writer.addSegment(segment(3));
        assertThat(writer.pending()).isZero();
        assertThat(index.allSegments()).extracting(s -> s.start().sequence()).containsExactly(2L, 3L);
        assertThat(registry.get("nvr.record.index.errors").counter().count()).isEqualTo(4);
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new IndexWriter(STREAM, index, 0, metrics))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
