package org.nvr.storage.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.lifecycle.TestStore;

/** Retention by age, quotas and free space, with a simulated clock and disk. */
class RetentionServiceTest {
    private static final StreamKey A = new StreamKey("cam-a", "main");
    private static final StreamKey B = new StreamKey("cam-b", "main");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;
    private TestStore store;

    @BeforeEach
    void open() throws IOException {
        store = new TestStore(dir);
        // The quota and free-space tests run half a day after the recordings, where a max age of 1 day deletes
        // nothing. TestStore's clock starts at DAY + 1 day, exactly max age after segment 0 starts, which the age
        // rule (by start) would delete; the age tests set the clock themselves.
        store.clock.set(TestStore.DAY.plus(Duration.ofHours(12)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Segments of 2 s (50 frames) every 10 minutes from {@link TestStore#DAY}, alternating cameras when both. */
    private List<SegmentRow> record(int count, StreamKey... streams) throws IOException {
        List<SegmentRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StreamKey stream = streams[i % streams.length];
            rows.add(store.record(stream, i / streams.length, TestStore.DAY.plus(Duration.ofMinutes(10L * i)), 50));
        }
        return rows;
    }

    private RetentionService service(RetentionPolicy policy, Function<String, CameraRetention> perCamera,
                                     DiskSpace disk) {
        return new RetentionService(store.index, store.deleter, policy, perCamera, store.clock, disk, store.registry);
    }

    private static DiskSpace plenty() {
        return () -> Long.MAX_VALUE;
    }

    private List<Path> remaining() {
        return store.rows().stream().sorted(Comparator.comparing(SegmentRow::startUtc)).map(SegmentRow::path)
                .toList();
    }

    private static List<Path> paths(List<SegmentRow> rows) {
        return rows.stream().map(SegmentRow::path).toList();
    }

    @Test
    void deletesSegmentsThatStartedMaxAgeAgoOrEarlier() throws IOException {
        List<SegmentRow> rows = record(6, A);
        // Segment i starts at DAY + 10i min. The age rule selects by start (max age is a ceiling on the oldest
        // footage), so with maxAge 1 day at DAY + 1 day + 20 min, segments 0..2 started at or before the cutoff
        // (segment 2 exactly at it, and ends 2 s after it: an end-based rule would have kept it).
        store.clock.set(TestStore.DAY.plus(DAY).plus(Duration.ofMinutes(20)));
        assertThat(rows.get(2).startUtc()).isEqualTo(TestStore.DAY.plus(Duration.ofMinutes(20)));
        RetentionService retention = service(new RetentionPolicy(DAY, 0, 0), c -> new CameraRetention(DAY, 0),
                plenty());

        RetentionRun run = retention.runOnce();

        assertThat(run.maxAge().segments()).isEqualTo(3);
        assertThat(run.maxAge().bytes()).isEqualTo(rows.get(0).bytes() + rows.get(1).bytes() + rows.get(2).bytes());
        assertThat(run.cameraQuota().segments() + run.totalQuota().segments() + run.minFree().segments()).isZero();
        assertThat(remaining()).isEqualTo(paths(rows.subList(3, 6)));
        for (SegmentRow row : rows.subList(0, 3)) {
            assertThat(store.root.resolve(row.path())).doesNotExist();
        }
        assertThat(store.deleted("segments", "max_age")).isEqualTo(3.0);
        assertThat(retention.runOnce().totalSegments()).isZero();
    }

    @Test
    void afterOneRunNoSegmentStartsBeforeTheCutoffWhileLaterOnesSurvive() throws IOException {
        List<SegmentRow> rows = record(6, A, B);
        // The cutoff, DAY + 30 min + 1 s, falls inside segment 3 (cam-b, 30:00 to 30:02): it holds footage older than
        // max age, so it goes, though most of it is younger. Segment 4 (cam-a, 40:00) starts after the cutoff.
        Instant cutoff = TestStore.DAY.plus(Duration.ofMinutes(30)).plusSeconds(1);
        store.clock.set(cutoff.plus(DAY));
        SegmentRow straddling = rows.get(3);
        assertThat(straddling.startUtc()).isBefore(cutoff);
        assertThat(straddling.endUtc()).isAfter(cutoff);
        RetentionService retention = service(new RetentionPolicy(DAY, 0, 0), c -> new CameraRetention(DAY, 0),
                plenty());

        RetentionRun run = retention.runOnce();

        assertThat(run.maxAge().segments()).isEqualTo(4);
        assertThat(store.rows()).isNotEmpty().allSatisfy(row -> assertThat(row.startUtc()).isAfter(cutoff));
        assertThat(remaining()).isEqualTo(paths(rows.subList(4, 6)));
        assertThat(store.root.resolve(straddling.path())).doesNotExist();
        assertThat(store.root.resolve(rows.get(4).path())).exists();
    }

    @Test
    void theGlobalCeilingCapsACameraAndAShorterCameraAgeWins() throws IOException {
        List<SegmentRow> rows = record(8, A, B);
        // Segment i starts at 10i min (cam-a even i, cam-b odd i). The clock is at 1 h 35 min so that cutoffs by
        // start (35 min for cam-a, 65 min for cam-b) leave some of each camera; at 2 h every segment would have
        // started before its camera's cutoff, which would test nothing.
        store.clock.set(TestStore.DAY.plus(Duration.ofMinutes(95)));
        // cam-a asks for 30 days but the legal ceiling is 1 h; cam-b keeps only 30 min.
        Map<String, CameraRetention> cameras = Map.of(
                "cam-a", new CameraRetention(Duration.ofDays(30), 0),
                "cam-b", new CameraRetention(Duration.ofMinutes(30), 0));
        RetentionService retention = service(new RetentionPolicy(Duration.ofHours(1), 0, 0), cameras::get, plenty());

        retention.runOnce();

        // cam-a (capped at 1 h) loses 0 and 20 min, keeps 40 and 60 min; with its own 30 days it would keep all.
        // cam-b (30 min) loses 10, 30 and 50 min, keeps 70 min; under the 1 h ceiling alone it would keep 50 min too.
        assertThat(remaining()).isEqualTo(paths(List.of(rows.get(4), rows.get(6), rows.get(7))));
    }

    @Test
    void cameraQuotaDeletesThatCamerasOldestOnly() throws IOException {
        List<SegmentRow> rows = record(8, A, B);
        long perSegment = rows.get(0).bytes();
        Map<String, CameraRetention> cameras = Map.of(
                "cam-a", new CameraRetention(DAY, 2 * perSegment),
                "cam-b", new CameraRetention(DAY, 0));
        RetentionService retention = service(new RetentionPolicy(DAY, 0, 0), cameras::get, plenty());

        RetentionRun run = retention.runOnce();

        assertThat(run.cameraQuota().segments()).isEqualTo(2);
        // cam-a had rows 0, 2, 4, 6: its two oldest go; cam-b (1, 3, 5, 7) keeps all.
        assertThat(remaining()).isEqualTo(paths(List.of(rows.get(1), rows.get(3), rows.get(4), rows.get(5),
                rows.get(6), rows.get(7))));
        assertThat(store.index.bytesByCamera().get("cam-a")).isLessThanOrEqualTo(2 * perSegment);
        assertThat(store.deleted("segments", "camera_quota")).isEqualTo(2.0);
    }

    @Test
    void totalQuotaDeletesTheGloballyOldest() throws IOException {
        List<SegmentRow> rows = record(6, A, B);
        long total = store.index.totalBytes();
        long limit = total - rows.get(0).bytes() - rows.get(1).bytes() - rows.get(2).bytes() / 2;
        RetentionService retention = service(new RetentionPolicy(DAY, limit, 0), c -> new CameraRetention(DAY, 0),
                plenty());

        RetentionRun run = retention.runOnce();

        assertThat(run.totalQuota().segments()).isEqualTo(3);
        assertThat(remaining()).isEqualTo(paths(rows.subList(3, 6)));
        assertThat(store.index.totalBytes()).isLessThanOrEqualTo(limit);
        assertThat(store.deleted("segments", "total_quota")).isEqualTo(3.0);
    }

    @Test
    void minFreeDeletesOldestFirstUntilEnoughIsFreeAndTheNewestSurvives() throws IOException {
        List<SegmentRow> rows = record(10, A, B);
        long capacity = store.bytesOnDisk() + 1000;
        List<Long> freeSeen = new ArrayList<>();
        // A disk exactly as large as the files plus 1000 bytes: deleting a file frees its size.
        DiskSpace disk = () -> {
            long free = capacity - store.bytesOnDisk();
            freeSeen.add(free);
            return free;
        };
        long wanted = 1000 + rows.get(0).bytes() * 4 - 10;
        RetentionService retention = service(new RetentionPolicy(DAY, 0, wanted), c -> new CameraRetention(DAY, 0),
                disk);

        RetentionRun run = retention.runOnce();

        assertThat(run.minFree().segments()).isEqualTo(4);
        assertThat(run.minFreeMet()).isTrue();
        assertThat(remaining()).isEqualTo(paths(rows.subList(4, 10)));
        assertThat(freeSeen).isSorted();
        assertThat(store.deleted("segments", "min_free")).isEqualTo(4.0);
    }

    @Test
    void minFreeDeletesEverythingIndexedIfNeededButStopsWhenNothingIsLeft() throws IOException {
        List<SegmentRow> rows = record(3, A);
        long capacity = store.bytesOnDisk();
        DiskSpace disk = () -> capacity - store.bytesOnDisk();
        RetentionService retention = service(new RetentionPolicy(DAY, 0, capacity * 10),
                c -> new CameraRetention(DAY, 0), disk);

        RetentionRun run = retention.runOnce();

        assertThat(run.minFree().segments()).isEqualTo(rows.size());
        assertThat(run.minFreeMet()).isFalse();
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void minFreeGivesUpWhenDeletingFreesNothing() throws IOException {
        record(RetentionService.MAX_FUTILE_DELETIONS + 5, A);
        RetentionService retention = service(new RetentionPolicy(DAY, 0, 1000), c -> new CameraRetention(DAY, 0),
                () -> 10);

        RetentionRun run = retention.runOnce();

        assertThat(run.minFree().segments()).isEqualTo(RetentionService.MAX_FUTILE_DELETIONS);
        assertThat(run.minFreeMet()).isFalse();
        assertThat(store.rows()).hasSize(5);
    }

    @Test
    void periodicRunsSurviveFailuresAndCountThem() throws Exception {
        record(2, A);
        AtomicInteger calls = new AtomicInteger();
        DiskSpace flaky = () -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IOException("statvfs failed (simulated)");
            }
            return Long.MAX_VALUE;
        };
        RetentionService retention = service(new RetentionPolicy(DAY, 0, 0), c -> new CameraRetention(DAY, 0),
                flaky);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            retention.start(executor, Duration.ofMillis(20));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (calls.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            retention.stop();
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(calls.get()).isGreaterThanOrEqualTo(5);
        assertThat(store.registry.get("nvr.storage.retention.errors").counter().count()).isEqualTo(2.0);
    }

    @Test
    void gaugesShowFreeSpaceBytesAndOldestAgePerCamera() throws IOException {
        List<SegmentRow> rows = record(4, A, B);
        store.clock.set(TestStore.DAY.plus(Duration.ofHours(1)));
        RetentionService retention = service(new RetentionPolicy(DAY, 0, 0), c -> new CameraRetention(DAY, 0),
                () -> 123_456_789L);

        retention.runOnce();

        assertThat(store.registry.get("nvr.storage.disk.free.bytes").gauge().value()).isEqualTo(123_456_789.0);
        Gauge bytesA = store.registry.get("nvr.storage.bytes").tag("camera", "cam-a").gauge();
        assertThat(bytesA.value()).isEqualTo((double) (rows.get(0).bytes() + rows.get(2).bytes()));
        Gauge ageB = store.registry.get("nvr.storage.oldest.recording.age.seconds").tag("camera", "cam-b").gauge();
        // cam-b's oldest segment starts 10 min after DAY; the clock is at DAY + 1 h.
        assertThat(ageB.value()).isEqualTo(3000.0);
        store.clock.advance(Duration.ofSeconds(30));
        assertThat(ageB.value()).isEqualTo(3030.0);
    }
}
