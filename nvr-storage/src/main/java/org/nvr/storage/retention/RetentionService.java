package org.nvr.storage.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.SegmentDeleter;
import org.nvr.storage.retention.RetentionRun.Deleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes segments, oldest first, in four passes per run:
 * <ol>
 * <li>{@code max_age}: per camera, segments that started at or before {@code now - maxAge}, where maxAge is the
 * camera's, capped by the global ceiling;</li>
 * <li>{@code camera_quota}: per camera with a byte quota, its oldest segments while it holds more;</li>
 * <li>{@code total_quota}: the oldest segments of all cameras while all hold more than the total quota;</li>
 * <li>{@code min_free}: the oldest segments of all cameras while the file system has less usable space than the
 * minimum, reading the free space again after each deletion. It stops when nothing is left, or when
 * {@value #MAX_FUTILE_DELETIONS} deletions in a row freed nothing (something else fills the disk, or the files are
 * held open): deleting all evidence for space it cannot win would be worse than a full disk.</li>
 * </ol>
 * The segment being recorded is never deleted: it has no index row until it is finished, and retention only deletes
 * what the index holds. So recording never stops for retention, and the newest footage always survives. Gaps are
 * not deleted: they hold no video, and the index offers no way to delete them (a row per outage is small).
 *
 * <p>The age limit is a legal ceiling ("footage older than maxAge is deleted within a minute"), so a segment is
 * deleted as soon as its start, its oldest footage, is {@code maxAge} old: footage lives at most {@code maxAge} plus
 * one {@linkplain #start period} (plus the run's own time), and with the default {@link #DEFAULT_PERIOD} expired
 * footage goes within 30 s. The rest of that segment, up to one segment duration newer, goes with it, a little
 * early: deleting early is acceptable under a ceiling, keeping the oldest footage too long is not.
 *
 * <p>Metrics: {@code nvr.storage.retention.errors} (failed runs), and the gauges of {@link RetentionGauges}.
 * Deletions are counted by the {@link SegmentDeleter}. Thread-safe: runs are serialized.
 */
public final class RetentionService {
    /** How often {@link #start} runs retention by default. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);
    /** Segment rows read per index query. */
    public static final int PAGE = 500;
    /** Deletions in a row that freed no space after which the {@code min_free} pass gives up for this run. */
    public static final int MAX_FUTILE_DELETIONS = 10;
    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    private final H2RecordingIndex index;
    private final SegmentDeleter deleter;
    private final RetentionPolicy policy;
    private final Function<String, CameraRetention> perCamera;
    private final NvrClock clock;
    private final DiskSpace disk;
    private final Counter errors;
    private final RetentionGauges gauges;
    private ScheduledFuture<?> scheduled;
    private boolean failing;
    private boolean lowSpaceWarned;

    /**
     * @param index     the index to delete from
     * @param deleter   runs the deletion protocol
     * @param policy    the global limits
     * @param perCamera a camera's limits by id; may return null for a camera no longer configured, which then gets
     *                  the global ceiling and no quota
     * @param clock     "now" for the age pass and the age gauge
     * @param disk      usable space of the recordings file system ({@link DiskSpace#of})
     * @param registry  for the error counter and the gauges
     */
    public RetentionService(H2RecordingIndex index, SegmentDeleter deleter, RetentionPolicy policy,
                            Function<String, CameraRetention> perCamera, NvrClock clock, DiskSpace disk,
                            MeterRegistry registry) {
        this.index = Objects.requireNonNull(index, "index");
        this.deleter = Objects.requireNonNull(deleter, "deleter");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.perCamera = Objects.requireNonNull(perCamera, "perCamera");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.disk = Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(registry, "registry");
        this.errors = Counter.builder("nvr.storage.retention.errors").description("retention runs that failed")
                .register(registry);
        this.gauges = new RetentionGauges(registry, clock, disk);
    }

    /**
     * One run of the four passes, then a refresh of the gauges.
     *
     * @throws IOException when a file cannot be deleted or the free space cannot be read (the run stops there; the
     *                     next run starts over)
     */
    public synchronized RetentionRun runOnce() throws IOException {
        if (deleter.garbageLeft()) {
            deleter.finishPendingGarbage();
        }
        List<String> cameras = index.cameras();
        Deleted age = deleteByAge(cameras);
        Deleted cameraQuota = deleteByCameraQuota();
        Deleted totalQuota = deleteByTotalQuota();
        Deleted minFree = Deleted.NONE;
        long free = disk.usableBytes();
        int futile = 0;
        while (free < policy.minFreeBytes() && futile < MAX_FUTILE_DELETIONS) {
            List<SegmentRow> oldest = index.oldestSegments(null, PAGE);
            if (oldest.isEmpty()) {
                break;
            }
            for (SegmentRow row : oldest) {
                if (deleter.delete(row, RetentionReason.MIN_FREE.tag())) {
                    minFree = minFree.plus(row.bytes());
                }
                long after = disk.usableBytes();
                futile = after > free ? 0 : futile + 1;
                free = after;
                if (free >= policy.minFreeBytes() || futile >= MAX_FUTILE_DELETIONS) {
                    break;
                }
            }
        }
        boolean minFreeMet = free >= policy.minFreeBytes();
        warnOnceIfLow(minFreeMet, free, futile);
        RetentionRun run = new RetentionRun(age, cameraQuota, totalQuota, minFree, minFreeMet);
        if (run.totalSegments() > 0) {
            log.info("Retention deleted {} segments ({} bytes): max_age {}, camera_quota {}, total_quota {},"
                    + " min_free {}", run.totalSegments(), run.totalBytes(), age.segments(), cameraQuota.segments(),
                    totalQuota.segments(), minFree.segments());
        }
        refreshGauges();
        return run;
    }

    /**
     * Runs retention now and then every {@code period} (after the previous run ends). A failed run is logged and
     * counted; the next one runs all the same.
     */
    public synchronized void start(ScheduledExecutorService executor, Duration period) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("retention period must be positive: " + period);
        }
        if (scheduled != null) {
            throw new IllegalStateException("retention already started");
        }
        scheduled = executor.scheduleWithFixedDelay(this::runLogged, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic runs (a run in progress finishes). */
    public synchronized void stop() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void runLogged() {
        try {
            runOnce();
            if (failing) {
                failing = false;
                log.info("Retention works again");
            }
        } catch (IOException | RuntimeException e) {
            errors.increment();
            if (failing) {
                log.debug("Retention run failed again", e);
            } else {
                // Once per failing episode: a broken disk fails every run the same way.
                failing = true;
                log.warn("Retention run failed; retrying at the next run", e);
            }
        }
    }

    private Deleted deleteByAge(List<String> cameras) throws IOException {
        Deleted deleted = Deleted.NONE;
        Instant now = clock.wallNow();
        for (String camera : cameras) {
            Instant cutoff = now.minus(maxAgeOf(camera));
            List<SegmentRow> page;
            do {
                page = index.segmentsStartingBefore(camera, cutoff, PAGE);
                for (SegmentRow row : page) {
                    if (deleter.delete(row, RetentionReason.MAX_AGE.tag())) {
                        deleted = deleted.plus(row.bytes());
                    }
                }
            } while (page.size() == PAGE);
        }
        return deleted;
    }

    private Deleted deleteByCameraQuota() throws IOException {
        Deleted deleted = Deleted.NONE;
        for (Map.Entry<String, Long> entry : index.bytesByCamera().entrySet()) {
            CameraRetention retention = perCamera.apply(entry.getKey());
            if (retention != null && retention.maxBytes() > 0) {
                deleted = deleteOldestWhileOver(entry.getKey(), entry.getValue(), retention.maxBytes(),
                        RetentionReason.CAMERA_QUOTA, deleted);
            }
        }
        return deleted;
    }

    private Deleted deleteByTotalQuota() throws IOException {
        if (policy.maxTotalBytes() == 0) {
            return Deleted.NONE;
        }
        return deleteOldestWhileOver(null, index.totalBytes(), policy.maxTotalBytes(), RetentionReason.TOTAL_QUOTA,
                Deleted.NONE);
    }

    /** Deletes the oldest segments of a camera (of all when null) until {@code used <= limit}. */
    private Deleted deleteOldestWhileOver(String camera, long used, long limit, RetentionReason reason,
                                          Deleted deleted) throws IOException {
        long remaining = used;
        while (remaining > limit) {
            List<SegmentRow> oldest = index.oldestSegments(camera, PAGE);
            if (oldest.isEmpty()) {
                break;
            }
            for (SegmentRow row : oldest) {
                if (remaining <= limit) {
                    break;
                }
                if (deleter.delete(row, reason.tag())) {
                    deleted = deleted.plus(row.bytes());
                }
                remaining -= row.bytes();
            }
        }
        return deleted;
    }

    private Duration maxAgeOf(String camera) {
        CameraRetention retention = perCamera.apply(camera);
        if (retention == null || retention.maxAge().compareTo(policy.maxAge()) > 0) {
            return policy.maxAge();
        }
        return retention.maxAge();
    }

    private void warnOnceIfLow(boolean minFreeMet, long free, int futile) {
        if (minFreeMet) {
            lowSpaceWarned = false;
            return;
        }
        if (!lowSpaceWarned) {
            lowSpaceWarned = true;
            log.warn("Only {} bytes usable on the recordings file system, below the {} wanted: {}", free,
                    policy.minFreeBytes(), futile >= MAX_FUTILE_DELETIONS
                            ? MAX_FUTILE_DELETIONS + " deletions in a row freed nothing (files held open, or another"
                            + " program fills the disk)" : "no finished segments left to delete");
        }
    }

    private void refreshGauges() {
        for (Map.Entry<String, Long> entry : index.bytesByCamera().entrySet()) {
            gauges.update(entry.getKey(), entry.getValue(), index.span(entry.getKey()));
        }
    }
}
