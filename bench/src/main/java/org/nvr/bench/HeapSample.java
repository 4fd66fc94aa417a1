package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap the running streams keep live: the largest heap in use after {@code System.gc()} over
 * {@value #SAMPLES} samples spread across one 2 s GOP (streams started together fill and empty their GOP caches in
 * step, so one sample could fall on every cache's low point), with the hubs' GOP cache bytes at that sample.
 *
 * @param usedBytes     heap in use after a full collection, at the largest sample
 * @param gopCacheBytes the hubs' GOP caches at that sample ({@code nvr.hub.gop.bytes}, summed)
 */
record HeapSample(long usedBytes, long gopCacheBytes) {
    static final int SAMPLES = 6;
    private static final long INTERVAL_MILLIS = 400;

    /** Heap in use after a full collection, now: the baseline before any stream opens. */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Takes the samples (about 2 s); call while every stream still runs. */
    static HeapSample largest(MeterRegistry registry) throws InterruptedException {
        long heap = 0;
        long gop = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (i > 0) {
                Thread.sleep(INTERVAL_MILLIS);
            }
            long used = usedAfterGc();
            if (used > heap) {
                heap = used;
                gop = (long) Meters.gaugeSum(registry, "nvr.hub.gop.bytes");
            }
        }
        return new HeapSample(heap, gop);
    }

    /**
     * The {@code HEAP} result line the script reads: in use, the baseline, and per stream the heap above the
     * baseline and the GOP cache.
     */
    String resultLine(long baselineBytes, int streams) {
        return String.format("HEAP used_after_gc_mib=%.1f baseline_mib=%.1f per_stream_kib=%d"
                        + " gop_cache_per_stream_kib=%d (largest of %d samples)", usedBytes / 1048576.0,
                baselineBytes / 1048576.0, (usedBytes - baselineBytes) / 1024 / streams,
                gopCacheBytes / 1024 / streams, SAMPLES);
    }
}
