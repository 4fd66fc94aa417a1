package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.Gap;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.FaultProxy;
import org.nvr.core.testing.FreePorts;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.fault.RecordingAudit;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;

/**
 * Soak: the packaged NVR ({@code nvr run}) records N cameras, each reaching the NVR's demo camera through its own
 * {@link FaultProxy}, and every camera's link flaps on its own seeded schedule (stall, half-open, trickle, FIN, RST
 * for 1.5 to 3 s, then a normal period once video flows again). The demo camera itself is recorded too, straight,
 * as the control. Checked at the end, from the index and the files the process left:
 * <ul>
 *   <li>every outage is exactly one gap, with the cause CameraIngest gives that fault, starting when the fault
 *       began and ending within backoff + stall timeout + a GOP of its end; the control camera has none;</li>
 *   <li>0 corrupt files: every file has its row and scans clean with the row's size and frames, and segments and
 *       gaps tile the time ({@link RecordingAudit});</li>
 *   <li>recorded seconds = offered seconds (the span) - outages (the gaps), within a frame per gap and segment
 *       (a gap ends at the keyframe where recording resumed);</li>
 *   <li>the NVR's live heap (a full-GC class histogram through {@code jcmd}) and its open file descriptors do not
 *       grow from a third of the run to its end.</li>
 * </ul>
 * In the build: {@value #CAMERAS} cameras for {@value #SECONDS} s, a fault every 4 to 8 s per camera.
 * {@code bench/reliability.sh -n CAMERAS -t SECONDS -f FLAP_SECONDS} runs it for hours (properties
 * {@code nvr.soak.cameras}, {@code nvr.soak.seconds}, {@code nvr.soak.flapSeconds}, {@code nvr.soak.seed}).
 */
class FlappingSoakIT {
    static final int CAMERAS = 4;
    static final int SECONDS = 75;
    /** Mean normal period between a recovery and the next fault, seconds; each one is 0.66x to 1.33x of it. */
    static final int FLAP_SECONDS = 6;
    private static final Duration GOP = Duration.ofSeconds(1);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How late a gap may end after the fault cleared: CameraIngest's default backoff (1 s doubling to 30 s, 20 %
     * jitter), the stall timeout, a new RTSP session, the first keyframe, and a loaded machine.
     */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(36).plus(STALL_TIMEOUT).plus(GOP);
    /** Live heap and descriptors may differ this much between a third of the run and its end. */
    private static final long HEAP_GROWTH_BOUND_BYTES = 24L << 20;
    private static final long FD_GROWTH_BOUND = 16;
    /** Bytes through a proxy after a fault that show that video flows again (the demo stream: ~30 KB/s). */
    private static final long FLOWING_BYTES = 16 * 1024;
    private static final FaultProxy.Mode[] MODES = {FaultProxy.Mode.STALL, FaultProxy.Mode.HALF_OPEN,
        FaultProxy.Mode.TRICKLE, FaultProxy.Mode.DROP, FaultProxy.Mode.RESET};

    /** One fault on one camera: what, and when. */
    private record Outage(FaultProxy.Mode mode, Instant from, Instant to) {
    }

    @TempDir
    Path dir;

    @Test
    void flappingCamerasLoseOnlyTheirOutagesAndTheNvrStaysFlat() throws Exception {
        int cameras = ReliabilityReport.intProperty("nvr.soak.cameras", CAMERAS);
        int seconds = ReliabilityReport.intProperty("nvr.soak.seconds", SECONDS);
        int flapSeconds = ReliabilityReport.intProperty("nvr.soak.flapSeconds", FLAP_SECONDS);
        long seed = Long.getLong("nvr.soak.seed", 7L);
        int demoPort = FreePorts.tcpPort();
        List<FaultProxy> proxies = new ArrayList<>();
        ExecutorService flappers = Executors.newFixedThreadPool(cameras);
        Path data = dir.resolve("data");
        Path log = dir.resolve("nvr.log");
        Process nvr = null;
        List<List<Outage>> outages = new ArrayList<>();
        long[] baseline;
        long[] last;
        try {
            StringBuilder config = new StringBuilder("dataDir: " + data + "\nrtsp:\n  port: 0\nadmin:\n  port: 0\n"
                    + "demo:\n  port: " + demoPort + "\nrecord:\n  segmentDuration: 10s\n  fragmentDuration: 1s\n"
                    + "cameras:\n");
            for (int i = 0; i < cameras; i++) {
                FaultProxy proxy = new FaultProxy("127.0.0.1", demoPort);
                proxy.start();
                proxies.add(proxy);
                config.append("  - id: ").append(cameraId(i)).append("\n    url: ").append(proxy.rtspUrl("demo"))
                        .append("\n    stallTimeout: ").append(STALL_TIMEOUT.toSeconds()).append("s\n");
            }
            Path configFile = dir.resolve("nvr.yaml");
            Files.writeString(configFile, config.toString());
            nvr = new ProcessBuilder(PackagedNvr.java("-Xmx256m", "-jar", PackagedNvr.jar(), "run", "-c",
                    configFile.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            for (FaultProxy proxy : proxies) {
                awaitFlowing(proxy, proxy.forwardedBytes(), Duration.ofSeconds(60), log);
            }

            Instant end = Instant.now().plusSeconds(seconds);
            List<Future<List<Outage>>> schedules = new ArrayList<>();
            for (int i = 0; i < cameras; i++) {
                FaultProxy proxy = proxies.get(i);
                Random random = new Random(seed + i);
                long staggerMillis = (long) i * flapSeconds * 1000 / cameras;
                schedules.add(flappers.submit(() -> flap(proxy, random, staggerMillis, flapSeconds, end, log)));
            }
            Thread.sleep(seconds * 1000L / 3);
            baseline = resources(nvr.pid());
            for (Future<List<Outage>> schedule : schedules) {
                outages.add(schedule.get(seconds + 120L, TimeUnit.SECONDS));
            }
            for (FaultProxy proxy : proxies) {
                awaitFlowing(proxy, proxy.forwardedBytes(), Duration.ofSeconds(60), log);
            }
            Thread.sleep(2000);
            last = resources(nvr.pid());
            nvr.destroy();
            assertThat(nvr.waitFor(60, TimeUnit.SECONDS)).as("nvr stops on SIGTERM").isTrue();
            assertThat(nvr.exitValue()).as(tail(log)).isZero();
        } finally {
            flappers.shutdownNow();
            if (nvr != null && nvr.isAlive()) {
                nvr.destroyForcibly();
            }
            for (FaultProxy proxy : proxies) {
                proxy.close();
            }
        }

        int faults = 0;
        double outageSeconds = 0;
        double recordedSeconds = 0;
        try (Database database = Database.open(data)) {
            H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
            Path root = data.resolve("recordings");
            RecordingAudit control = RecordingAudit.of(index, root, new StreamKey("demo", "main"),
                    Duration.ofMillis(5));
            assertThat(control.problems).as("control camera\n" + control.describe()).isEmpty();
            assertThat(control.gaps).as("control camera: no fault, no gap\n" + control.describe()).isEmpty();
            for (int i = 0; i < cameras; i++) {
                List<Outage> done = outages.get(i);
                RecordingAudit audit = RecordingAudit.of(index, root, new StreamKey(cameraId(i), "main"),
                        Duration.ofMillis(5));
                String what = cameraId(i) + "\n" + audit.describe();
                assertThat(audit.problems).as(what).isEmpty();
                assertThat(done).as("%s: faults injected", cameraId(i)).hasSizeGreaterThanOrEqualTo(2);
                assertThat(audit.gaps).as("one gap per outage: " + what).hasSize(done.size());
                for (int k = 0; k < done.size(); k++) {
                    Outage outage = done.get(k);
                    Gap gap = audit.gaps.get(k);
                    String which = String.format(Locale.ROOT, "%s outage %d (%s %s..%s): %s", cameraId(i), k,
                            outage.mode(), outage.from(), outage.to(), gap);
                    assertThat(gap.cause()).as(which).isEqualTo(FaultProxy.expectedCause(outage.mode()));
                    assertThat(gap.start()).as(which).isBetween(outage.from().minusMillis(500), outage.to());
                    assertThat(gap.end()).as(which).isBetween(outage.to().minusMillis(500),
                            outage.to().plus(RESUME_BOUND));
                }
                double unexplained = audit.spanSeconds() - audit.recordedSeconds() - audit.gapSeconds();
                // A frame per gap and segment boundary: a gap ends at the keyframe where recording resumed.
                double bound = (audit.gaps.size() + audit.segments.size()) * 0.045 + 0.1;
                assertThat(unexplained).as("span %.2f s - recorded %.2f s - gaps %.2f s: %s",
                        audit.spanSeconds(), audit.recordedSeconds(), audit.gapSeconds(), what)
                        .isBetween(-bound, bound);
                faults += done.size();
                outageSeconds += audit.gapSeconds();
                recordedSeconds += audit.recordedSeconds();
            }
        }
        System.out.printf(Locale.ROOT, "%d cameras, %d s, %d outages (%.1f s), %.1f s recorded; NVR live heap "
                        + "%.1f MiB -> %.1f MiB, open FDs %d -> %d%n", cameras, seconds, faults, outageSeconds,
                recordedSeconds, baseline[0] / 1048576.0, last[0] / 1048576.0, baseline[1], last[1]);
        assertThat(last[1] - baseline[1]).as("NVR open file descriptors: %d then %d", baseline[1], last[1])
                .isLessThanOrEqualTo(FD_GROWTH_BOUND);
        assertThat(last[0] - baseline[0]).as(String.format(Locale.ROOT, "NVR live heap: %.1f MiB then %.1f MiB",
                baseline[0] / 1048576.0, last[0] / 1048576.0)).isLessThanOrEqualTo(HEAP_GROWTH_BOUND_BYTES);
        ReliabilityReport.row("flapping cameras (soak)", String.format(Locale.ROOT, "nvr run recording %d cameras"
                        + " through FaultProxies for %d s, each flapping (stall, half-open, trickle, FIN, RST, 1.5-3 s)"
                        + " every %d s on average, plus the demo camera unfaulted", cameras, seconds, flapSeconds),
                faults, String.format(Locale.ROOT, "one gap per outage with its cause, the control camera gapless,"
                        + " files scan clean with their rows, recorded = span - gaps (%.0f s recorded, %.0f s of"
                        + " outages); NVR live heap %.1f -> %.1f MiB, FDs %d -> %d", recordedSeconds, outageSeconds,
                        baseline[0] / 1048576.0, last[0] / 1048576.0, baseline[1], last[1]),
                "0 s beyond the outages", "pass");
    }

    /** One camera's schedule: a normal period, a fault of 1.5 to 3 s, video flowing again; until {@code end}. */
    private static List<Outage> flap(FaultProxy proxy, Random random, long staggerMillis, int flapSeconds,
                                     Instant end, Path log) throws Exception {
        List<Outage> done = new ArrayList<>();
        Thread.sleep(staggerMillis);
        while (true) {
            long normalMillis = flapSeconds * 1000L * (2 + random.nextInt(3)) / 3;
            // At least 1.5 s, half a stall timeout beyond it: a stall or trickle shorter than the stall timeout
            // only delays the frames (the proxy forwards what it held), which is no outage and leaves no gap.
            long faultMillis = STALL_TIMEOUT.toMillis() + 500 + random.nextInt(1501);
            if (Instant.now().plusMillis(normalMillis + faultMillis).isAfter(end)) {
                return done;
            }
            Thread.sleep(normalMillis);
            FaultProxy.Mode mode = MODES[random.nextInt(MODES.length)];
            Instant from = Instant.now();
            proxy.apply(mode);
            Thread.sleep(faultMillis);
            long forwarded = proxy.forwardedBytes();
            proxy.pass();
            Instant to = Instant.now();
            done.add(new Outage(mode, from, to));
            awaitFlowing(proxy, forwarded, RESUME_BOUND.plusSeconds(10), log);
        }
    }

    private static void awaitFlowing(FaultProxy proxy, long fromBytes, Duration timeout, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (proxy.forwardedBytes() < fromBytes + FLOWING_BYTES) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no video through the proxy on port " + proxy.port() + " within " + timeout
                        + "; the NVR's log ends:\n" + tail(log));
            }
            Thread.sleep(50);
        }
    }

    /** The NVR's live heap (bytes of the objects a full GC keeps, by {@code jcmd GC.class_histogram}) and FDs. */
    private static long[] resources(long pid) throws IOException, InterruptedException {
        ProcessRunner.Result histogram = ProcessRunner.run(List.of(Path.of(System.getProperty("java.home"), "bin",
                "jcmd").toString(), Long.toString(pid), "GC.class_histogram"), Duration.ofSeconds(60));
        assertThat(histogram.exitCode()).as(histogram.describe()).isZero();
        long heap = -1;
        for (String line : histogram.stdout().split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Total ")) {
                String[] fields = trimmed.split("\\s+");
                heap = Long.parseLong(fields[fields.length - 1]);
            }
        }
        assertThat(heap).as("the histogram's Total line:\n%s", histogram.describe()).isPositive();
        long fds;
        try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = list.count();
        }
        return new long[] {heap, fds};
    }

    private static String cameraId(int i) {
        return "soak-" + i;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
