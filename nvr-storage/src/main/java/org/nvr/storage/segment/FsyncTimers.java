package org.nvr.storage.segment;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.nvr.storage.fs.DurableFiles;

/**
 * Times the fsyncs of segment writing in {@value #NAME} (tag {@code kind}: {@code file} for {@code force} on a
 * segment file, {@code directory} for a directory fsync), with a percentile histogram and disk-sized service level
 * buckets (1, 5, 20, 100, 500 ms): an SSD fsyncs in about a millisecond, a spinning disk in tens, and hundreds
 * mean a saturated or failing disk that will soon back up the recorders.
 *
 * <p>Not tagged by camera: the sink is shared by all recorders, and a histogram per camera would multiply the
 * series by the camera count for a property of the disk. The two timers are looked up once, here; each fsync costs
 * two reads of the registry's monotonic clock and one record. A failed fsync is recorded too: a disk that takes
 * seconds to fail is exactly what this histogram is for. Thread-safe.
 */
final class FsyncTimers {
    /** The timer's name. */
    static final String NAME = "nvr.storage.fsync";

    private final Clock clock;
    private final Timer file;
    private final Timer directory;

    FsyncTimers(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        this.clock = registry.config().clock();
        this.file = timer(registry, "file");
        this.directory = timer(registry, "directory");
    }

    private static Timer timer(MeterRegistry registry, String kind) {
        return Timer.builder(NAME).description("fsync latency of segment files and their directories")
                .tag("kind", kind)
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20),
                        Duration.ofMillis(100), Duration.ofMillis(500))
                // From a fast NVMe fsync to a disk that has all but stopped; bounds the histogram's buckets.
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** {@link FileChannel#force}, timed as {@code kind=file}. */
    void force(FileChannel channel, boolean metaData) throws IOException {
        long startNanos = clock.monotonicTime();
        try {
            channel.force(metaData);
        } finally {
            file.record(clock.monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** {@link DurableFiles#fsyncDirectory}, timed as {@code kind=directory}. */
    void fsyncDirectory(Path dir) throws IOException {
        long startNanos = clock.monotonicTime();
        try {
            DurableFiles.fsyncDirectory(dir);
        } finally {
            directory.record(clock.monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }
}
