package org.nvr.storage.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;

/** The deletion protocol: row to garbage, unlink, fsync, garbage row deleted; and the startup sweep. */
class SegmentDeleterTest {
    private static final StreamKey CAM = new StreamKey("cam-1", "main");

    @TempDir
    Path dir;
    private TestStore store;

    @BeforeEach
    void open() throws IOException {
        store = new TestStore(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void deleteRemovesFileRowAndGarbageAndCountsIt() throws IOException {
        SegmentRow kept = store.record(CAM, 0, TestStore.DAY, 50);
        SegmentRow row = store.record(CAM, 1, TestStore.DAY.plusSeconds(2), 50);

        assertThat(store.deleter.delete(row, "max_age")).isTrue();

        assertThat(store.root.resolve(row.path())).doesNotExist();
        assertThat(store.index.segmentByPath(row.path())).isEmpty();
        assertThat(store.index.garbage(10)).isEmpty();
        assertThat(store.rows()).extracting(SegmentRow::path).containsExactly(kept.path());
        assertThat(store.deleted("segments", "max_age")).isEqualTo(1.0);
        assertThat(store.deleted("bytes", "max_age")).isEqualTo((double) row.bytes());
        // A second attempt (another thread got there first) is not an error and is not counted again.
        assertThat(store.deleter.delete(row, "max_age")).isFalse();
        assertThat(store.deleted("segments", "max_age")).isEqualTo(1.0);
    }

    @Test
    void aFileAlreadyGoneStillCompletesTheProtocol() throws IOException {
        SegmentRow row = store.record(CAM, 0, TestStore.DAY, 50);
        Files.delete(store.root.resolve(row.path()));

        assertThat(store.deleter.delete(row, "min_free")).isTrue();

        assertThat(store.rows()).isEmpty();
        assertThat(store.index.garbage(10)).isEmpty();
    }

    @Test
    void pendingGarbageIsFinishedAtStartup() throws IOException {
        SegmentRow a = store.record(CAM, 0, TestStore.DAY, 50);
        SegmentRow b = store.record(CAM, 1, TestStore.DAY.plusSeconds(2), 50);
        SegmentRow c = store.record(CAM, 2, TestStore.DAY.plusSeconds(4), 50);
        // A crash after step 1 for a, and after step 2 (unlinked) for b.
        store.index.markGarbage(a.id(), "total_quota");
        store.index.markGarbage(b.id(), "total_quota");
        Files.delete(store.root.resolve(b.path()));

        assertThat(store.deleter.finishPendingGarbage()).isEqualTo(2);

        assertThat(store.root.resolve(a.path())).doesNotExist();
        assertThat(store.index.garbage(10)).isEmpty();
        assertThat(store.rows()).extracting(SegmentRow::path).containsExactly(c.path());
        assertThat(store.deleted("segments", "total_quota")).isEqualTo(2.0);
        assertThat(store.deleted("bytes", "total_quota")).isEqualTo((double) (a.bytes() + b.bytes()));
        assertThat(store.deleter.finishPendingGarbage()).isZero();
    }

    @Test
    void pendingGarbageSweepPagesThroughManyRows() throws IOException {
        int count = SegmentDeleter.GARBAGE_PAGE + 3;
        for (int i = 0; i < count; i++) {
            SegmentRow row = store.record(CAM, i, TestStore.DAY.plusSeconds(2L * i), 1);
            store.index.markGarbage(row.id(), "max_age");
        }

        assertThat(store.deleter.finishPendingGarbage()).isEqualTo(count);

        assertThat(store.index.garbage(10)).isEmpty();
        assertThat(TestStore.files(store.root)).isEmpty();
    }

    @Test
    void emptyDayDirectoriesAreRemovedOnlyWhenOlderThanYesterday() throws IOException {
        SegmentRow old = store.record(CAM, 0, TestStore.DAY, 50);
        SegmentRow recent = store.record(CAM, 1, TestStore.DAY.plus(Duration.ofDays(2)), 50);
        store.clock.set(TestStore.DAY.plus(Duration.ofDays(3)).plusSeconds(60));

        store.deleter.delete(old, "max_age");
        store.deleter.delete(recent, "max_age");

        assertThat(store.root.resolve(old.path()).getParent()).doesNotExist();
        // Yesterday's directory stays: a recorder may still be writing a segment that started there.
        assertThat(store.root.resolve(recent.path()).getParent()).isDirectory();
        assertThat(store.root.resolve(old.path()).getParent().getParent()).isDirectory();
    }

    @Test
    void reasonsMustBeMetricTags() throws IOException {
        SegmentRow row = store.record(CAM, 0, TestStore.DAY, 50);

        assertThatThrownBy(() -> store.deleter.delete(row, "Max Age")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Max Age");
        assertThatThrownBy(() -> store.deleter.delete(row, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.rows()).hasSize(1);
        assertThat(store.root.resolve(row.path())).exists();
    }
}
