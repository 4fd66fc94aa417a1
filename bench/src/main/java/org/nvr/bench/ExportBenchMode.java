package org.nvr.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.nvr.core.admin.AdminServer;
import org.nvr.core.admin.AdminServerOptions;
import org.nvr.core.export.ExportPlan;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.record.RecordedSpan;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.export.ExportWriter;
import org.nvr.storage.export.Mp4ExportService;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code export} of {@link RestreamBenchMain}: an export of the whole recording of {@code --data-dir} planned
 * by {@link Mp4ExportService} and written by {@link ExportWriter}, against reading the same segment files whole.
 * Each figure is the best of {@code --repeat} passes: "cold" ones with the segment files dropped from the page
 * cache before each pass ({@link PageCache}: so they read the disk), the others after one unmeasured pass, from the
 * page cache (they compare the software paths, not the disk).
 *
 * <ul>
 *   <li>{@code read}: each segment file read whole into a 128 KiB buffer, as {@code cat} does;</li>
 *   <li>{@code export-devnull}: {@code ExportWriter.write} to a {@code FileChannel} on {@code /dev/null}: the JDK
 *       uses {@code sendfile}, and Linux's {@code /dev/null} discards spliced pages without copying them, so this
 *       is the export's own overhead (planning excluded, per-part file opens included);</li>
 *   <li>{@code export-copy}: to a channel over a discarding {@code OutputStream}: every byte copied to user space
 *       (the JDK's transfer to a non-file channel, in 8 KiB reads), the fair comparison with {@code read};</li>
 *   <li>{@code copy-file}: the segment files copied whole into one file with {@code transferTo} (the write
 *       baseline for {@code export-file});</li>
 *   <li>{@code export-file}: to a file under {@code --out-dir} (default: the data dir), without fsync;</li>
 *   <li>{@code http}: {@code GET /api/v1/cameras/cam1/export.mp4} of an {@link AdminServer} in this process
 *       (Basic auth, H2 audit row per request) read by {@code java.net.http.HttpClient} discarding the body
 *       ({@code http-client}), and by a plain socket reading 256 KiB at a time ({@link RawHttpGet},
 *       {@code http-raw}), so that the client's own cost can be told apart from the server's.</li>
 * </ul>
 */
final class ExportBenchMode {
    private static final Logger LOG = LoggerFactory.getLogger(ExportBenchMode.class);
    private static final int READ_BUFFER_BYTES = 128 * 1024;

    private ExportBenchMode() {
    }

    /** One write of the export or read of the files; returns the bytes moved. */
    private interface Pass {
        long run() throws Exception;
    }

    static void run(BenchArgs options) throws Exception {
        Path dataDir = Path.of(options.string("data-dir", ""));
        Path outDir = Path.of(options.string("out-dir", dataDir.toString()));
        int repeat = options.integer("repeat", 5, 1, 100);
        Path recordings = dataDir.resolve("recordings");
        Database database = Database.open(dataDir);
        H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
        RecordedSpan span = index.span(ClipRecording.STREAM.cameraId()).orElseThrow(
                () -> new IllegalStateException("nothing recorded under " + dataDir + ": run mode record first"));
        Mp4ExportService exports = new Mp4ExportService(index, recordings, NvrClock.SYSTEM);
        ExportRequest request = new ExportRequest(ClipRecording.STREAM, span.first(), span.last());
        long planStart = System.nanoTime();
        ExportPlan plan = exports.plan(request);
        double planMillis = (System.nanoTime() - planStart) / 1e6;
        Set<Path> files = new LinkedHashSet<>();
        for (SegmentRow row : index.segments(ClipRecording.STREAM, span.first(), span.last())) {
            files.add(recordings.resolve(row.path()));
        }
        long fileBytes = 0;
        for (Path file : files) {
            fileBytes += Files.size(file);
        }
        LOG.info("EXPORT_PLAN from={} to={} segments={} segment_bytes={} export_bytes={} parts={} plan_ms={}",
                span.first(), span.last(), files.size(), fileBytes, plan.contentLength(), plan.parts().size(),
                String.format("%.1f", planMillis));

        Path exportFile = outDir.resolve("bench-export.mp4");
        double readCold = best("read-cold", repeat, files, () -> readWhole(files));
        double devNullCold = best("export-devnull-cold", repeat, files, () -> {
            try (FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
                return ExportWriter.write(plan, out);
            }
        });
        double copyCold = best("export-copy-cold", repeat, files, () -> {
            try (WritableByteChannel out = Channels.newChannel(OutputStream.nullOutputStream())) {
                return ExportWriter.write(plan, out);
            }
        });
        double read = best("read", repeat, () -> readWhole(files));
        double devNull = best("export-devnull", repeat, () -> {
            try (FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
                return ExportWriter.write(plan, out);
            }
        });
        double copy = best("export-copy", repeat, () -> {
            try (WritableByteChannel out = Channels.newChannel(OutputStream.nullOutputStream())) {
                return ExportWriter.write(plan, out);
            }
        });
        double file = best("export-file", repeat, () -> {
            try (FileChannel out = FileChannel.open(exportFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                return ExportWriter.write(plan, out);
            }
        });
        double copyFile = best("copy-file", repeat, () -> copyWhole(files, exportFile));
        Files.deleteIfExists(exportFile);
        long warmPlanStart = System.nanoTime();
        for (int i = 0; i < repeat; i++) {
            exports.plan(request);
        }
        LOG.info("EXPORT_PLAN_WARM plans={} mean_ms={}", repeat,
                String.format("%.1f", (System.nanoTime() - warmPlanStart) / 1e6 / repeat));
        double[] http = httpBest(repeat, database, exports, span.first(), span.last(), plan.contentLength(), files);
        database.close();
        LOG.info("EXPORT_RATIO cold: export-devnull/read={} export-copy/read={} http-raw/read={}; warm:"
                        + " export-devnull/read={} export-copy/read={} export-file/copy-file={} http-raw/read={}"
                        + " http-client/read={} (target: export >= disk read speed)", ratio(devNullCold, readCold),
                ratio(copyCold, readCold), ratio(http[2], readCold), ratio(devNull, read), ratio(copy, read),
                ratio(file, copyFile), ratio(http[1], read), ratio(http[0], read));
    }

    private static String ratio(double a, double b) {
        return String.format("%.2f", a / b);
    }

    /** Best MB/s (10^6 bytes per second) of {@code repeat} passes after one warm-up pass; prints the line. */
    private static double best(String name, int repeat, Pass pass) throws Exception {
        return best(name, repeat, null, pass);
    }

    /**
     * As {@link #best(String, int, Pass)}; with {@code evict} not null, the segment files are dropped from the page
     * cache before each pass (and there is no warm-up pass), so the pass reads the disk.
     */
    private static double best(String name, int repeat, Set<Path> evict, Pass pass) throws Exception {
        if (evict == null) {
            pass.run();
        }
        double bestMbps = 0;
        double worstMbps = Double.MAX_VALUE;
        long bytes = 0;
        for (int i = 0; i < repeat; i++) {
            if (evict != null) {
                PageCache.evict(evict);
            }
            long start = System.nanoTime();
            bytes = pass.run();
            double mbps = bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
            bestMbps = Math.max(bestMbps, mbps);
            worstMbps = Math.min(worstMbps, mbps);
        }
        LOG.info("THROUGHPUT {} bytes={} best_MBps={} worst_MBps={} passes={}", name, bytes,
                String.format("%.0f", bestMbps), String.format("%.0f", worstMbps), repeat);
        return bestMbps;
    }

    private static long readWhole(Set<Path> files) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        long total = 0;
        for (Path file : files) {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                    buffer.clear();
                }
            }
        }
        return total;
    }

    private static long copyWhole(Set<Path> files, Path target) throws IOException {
        long total = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Path file : files) {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    long size = in.size();
                    for (long at = 0; at < size; ) {
                        at += in.transferTo(at, size - at, out);
                    }
                    total += size;
                }
            }
        }
        return total;
    }

    /** MB/s over HTTP: java.net.http client, a raw socket client, the raw client with the files evicted. */
    private static double[] httpBest(int repeat, Database database, Mp4ExportService exports, Instant from,
                                     Instant to, long expectedBytes, Set<Path> files) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        ThreadPoolExecutor blocking = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(64));
        AdminServer admin = new AdminServer(AdminServerOptions.DEFAULTS.withPort(0), new BenchUsers(),
                new H2AuditLog(database), exports, () -> "", NvrClock.SYSTEM, new SimpleMeterRegistry(), group,
                blocking);
        try {
            int port = admin.start();
            HttpClient client = HttpClient.newHttpClient();
            String path = "/api/v1/cameras/cam1/export.mp4?start=" + from + "&end=" + to;
            String authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (BenchUsers.USER + ":" + BenchUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", authorization).build();
            double viaClient = best("http-client", repeat, () -> {
                HttpResponse<Void> response = client.send(get, HttpResponse.BodyHandlers.discarding());
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (response.statusCode() != 200 || length != expectedBytes) {
                    throw new IOException("export over HTTP answered " + response.statusCode() + " with "
                            + length + " bytes, expected 200 with " + expectedBytes);
                }
                return length;
            });
            double raw = best("http-raw", repeat, () -> RawHttpGet.fetch(port, path, authorization, expectedBytes));
            double rawCold = best("http-raw-cold", repeat, files,
                    () -> RawHttpGet.fetch(port, path, authorization, expectedBytes));
            double curl = Files.isExecutable(Path.of("/usr/bin/curl"))
                    ? best("http-curl", repeat, () -> curl(port, path, authorization, expectedBytes)) : 0;
            return new double[] {viaClient, raw, rawCold, curl};
        } finally {
            admin.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            blocking.shutdownNow();
        }
    }

    /** One download by curl (a C client, so the figure is the server's, not a Java client's) into /dev/null. */
    private static long curl(int port, String path, String authorization, long expectedBytes) throws Exception {
        Process process = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                "-H", "Authorization: " + authorization, "http://127.0.0.1:" + port + path)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0 || !out.equals("200 " + expectedBytes)) {
            throw new IOException("curl got '" + out + "', expected 200 with " + expectedBytes + " bytes");
        }
        return expectedBytes;
    }
}
