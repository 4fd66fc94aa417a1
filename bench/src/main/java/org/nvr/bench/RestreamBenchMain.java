package org.nvr.bench;

import java.util.Arrays;
import java.util.Set;

/**
 * The re-stream, recorded playback and export benchmark of {@code bench/restream-bench.sh} (docs/bench.md,
 * issue #5). One mode per run, the first argument, then {@code --name value} options:
 *
 * <ul>
 *   <li>{@code record}: records the clip with the real recorder ({@link ClipRecording});</li>
 *   <li>{@code server}: the RTSP server with live and recorded video ({@link RestreamServerMode});</li>
 *   <li>{@code clients}: the live clients measuring added latency ({@link LatencyClientsMode});</li>
 *   <li>{@code playback}: time to the first frame of recorded playback ({@link PlaybackProbeMode});</li>
 *   <li>{@code export}: export throughput against reading the files ({@link ExportBenchMode});</li>
 *   <li>{@code count}: live clients counting units and RTP sequence gaps, beside the recording NVR of
 *       {@code bench/ingest-vs-floor.sh -m} ({@link CountingClientsMode}).</li>
 * </ul>
 */
public final class RestreamBenchMain {
    private RestreamBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: RestreamBenchMain record|server|clients|playback|export|count"
                    + " [--name value]...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "record" -> ClipRecording.run(new BenchArgs(rest, Set.of("data-dir", "seconds", "segment-seconds",
                    "clip")));
            case "server" -> RestreamServerMode.run(new BenchArgs(rest, Set.of("data-dir", "publish-log",
                    "heap-trigger", "threads", "clip")));
            case "clients" -> LatencyClientsMode.run(new BenchArgs(rest, Set.of("port", "clients", "warmup",
                    "seconds", "hold", "publish-log")));
            case "playback" -> PlaybackProbeMode.run(new BenchArgs(rest, Set.of("port", "tries", "warmup-tries",
                    "from", "to")));
            case "export" -> ExportBenchMode.run(new BenchArgs(rest, Set.of("data-dir", "out-dir", "repeat")));
            case "count" -> CountingClientsMode.run(new BenchArgs(rest, Set.of("port", "clients", "seconds", "path",
                    "window-dir")));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]
                    + "; one of record, server, clients, playback, export, count");
        }
    }
}
