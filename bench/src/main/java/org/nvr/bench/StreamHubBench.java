package org.nvr.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.StreamItem;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.HubReader;
import org.nvr.core.stream.StreamHub;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link StreamHub#publish} of one access unit to {@code readers} readers (recorder, two re-stream sessions),
 * each of which then takes it with {@link HubReader#poll()}, on one thread. Units cycle through a 50-unit GOP
 * (keyframe first), so the GOP cache fills and restarts as with a camera. The readers' {@code onAvailable}
 * callback counts, as an event-driven reader's cheap "schedule a drain" would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamHubBench {
    private static final int GOP_UNITS = 50;
    private static final int KEYFRAME_BYTES = 80_000;
    private static final int FRAME_BYTES = 18_000;

    @Param("3")
    public int readers;

    private StreamHub hub;
    private HubReader[] hubReaders;
    private AccessUnit[] gop;
    private int next;
    private long wakeUps;

    @Setup(Level.Trial)
    public void setUp() {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        gop = new AccessUnit[GOP_UNITS];
        byte[] idr = new byte[KEYFRAME_BYTES];
        idr[0] = 0x65;  // NAL header: NRI=3, type 5 (IDR slice)
        byte[] slice = new byte[FRAME_BYTES];
        slice[0] = 0x41;  // NAL header: NRI=2, type 1 (non-IDR slice)
        for (int i = 0; i < GOP_UNITS; i++) {
            boolean key = i == 0;
            gop[i] = new AccessUnit(i * 3600L, start.plusMillis(40L * i), ClockSource.RTCP_SR, key,
                    List.of(key ? idr : slice));
        }
        hub = new StreamHub("bench", "main", HubLimits.DEFAULT, new SimpleMeterRegistry());
        hubReaders = new HubReader[readers];
        for (int i = 0; i < readers; i++) {
            hubReaders[i] = hub.subscribe(i == 0 ? "recorder" : "restream", 256, () -> wakeUps++);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hub.close();
    }

    @Benchmark
    public int publishAndPoll() {
        AccessUnit unit = gop[next];
        if (++next == GOP_UNITS) {
            next = 0;
        }
        hub.publish(unit);
        int got = 0;
        for (HubReader reader : hubReaders) {
            StreamItem item = reader.poll();
            if (item != null) {
                got++;
            }
        }
        return got;
    }
}
