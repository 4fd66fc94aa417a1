package org.nvr.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code clients} of {@link RestreamBenchMain}: {@code --clients} RTSP clients (default 100) of the live
 * stream {@code /cam1}, each a {@link BenchRtspClient} over TCP with its own reader thread, in a process apart
 * from the server's. Each client logs when the marker-bit packet of each access unit (its last) has been read
 * ({@link MarkerLog}); afterwards those times are matched with the publish log ({@link PublishLog}) and the
 * difference is the latency the re-stream adds: hub, session drain, RTP packetization, TCP over loopback, the
 * client's read, on a 2-core machine where both processes share the cores.
 *
 * <p>Prints {@code ALL_PLAYING}, then after {@code --warmup} seconds {@code WINDOW_START}, after {@code --seconds}
 * more {@code WINDOW_END} (the script reads the server's CPU at those two lines), keeps the sessions open
 * {@code --hold} seconds more (the script has the server sample its heap then), closes them and prints
 * {@code LATENCY} over the arrivals inside the window.
 */
final class LatencyClientsMode {
    private static final Logger LOG = LoggerFactory.getLogger(LatencyClientsMode.class);
    private static final long THREAD_STACK_BYTES = 256 * 1024;
    private static final int RTP_HEADER_BYTES = 12;
    private static final long MASK32 = 0xffff_ffffL;

    private LatencyClientsMode() {
    }

    static void run(BenchArgs options) throws Exception {
        int port = options.integer("port", 0, 1, 65535);
        int clients = options.integer("clients", 100, 1, 250);
        int warmup = options.integer("warmup", 5, 0, 60);
        int seconds = options.integer("seconds", 20, 1, 60);
        int hold = options.integer("hold", 6, 0, 60);
        Path publishLog = Path.of(options.string("publish-log", ""));
        int capacity = (warmup + seconds + hold + 30) * BenchClips.FPS * 2;

        List<BenchRtspClient> sessions = new ArrayList<>(clients);
        List<MarkerLog> logs = new ArrayList<>(clients);
        List<Thread> readers = new ArrayList<>(clients);
        AtomicLong failures = new AtomicLong();
        AtomicBoolean closing = new AtomicBoolean();
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            BenchRtspClient client = new BenchRtspClient(port, "/cam1");
            client.describeAndSetup();
            BenchRtspClient.Reply play = client.play();
            if (play.status() != 200) {
                throw new IOException("PLAY of client " + i + " answered " + play.status());
            }
            MarkerLog log = new MarkerLog(capacity);
            Thread reader = new Thread(null, () -> read(client, log, failures, closing), "client-" + i, THREAD_STACK_BYTES);
            reader.start();
            sessions.add(client);
            logs.add(log);
            readers.add(reader);
        }
        LOG.info("ALL_PLAYING clients={} after_ms={}", clients, (System.nanoTime() - connectStart) / 1_000_000);
        Thread.sleep(warmup * 1000L);
        long windowStart = System.nanoTime();
        LOG.info("WINDOW_START");
        Thread.sleep(seconds * 1000L);
        long windowEnd = System.nanoTime();
        LOG.info("WINDOW_END");
        Thread.sleep(hold * 1000L);
        closing.set(true);
        for (BenchRtspClient client : sessions) {
            client.close();
        }
        for (Thread reader : readers) {
            reader.join(5000);
        }

        PublishLog published = PublishLog.read(publishLog);
        long[] latencies = new long[clients * (seconds + 2) * BenchClips.FPS];
        int n = 0;
        int unmapped = 0;
        long unknownUnits = 0;
        long worstClientP99 = 0;
        int fewest = Integer.MAX_VALUE;
        for (MarkerLog log : logs) {
            long offset = published.offset(log);
            if (offset < 0) {
                unmapped++;
                continue;
            }
            long[] mine = new long[log.size()];
            int m = 0;
            for (int i = 0; i < log.size(); i++) {
                long arrival = log.nanos(i);
                if (arrival < windowStart || arrival > windowEnd) {
                    continue;
                }
                long publish = published.publishNanos(log.timestamp(i), offset);
                if (publish < 0) {
                    unknownUnits++;
                    continue;
                }
                mine[m++] = arrival - publish;
                if (n < latencies.length) {
                    latencies[n++] = arrival - publish;
                }
            }
            fewest = Math.min(fewest, m);
            worstClientP99 = Math.max(worstClientP99, Percentiles.of(mine, m).p99Nanos());
        }
        Percentiles all = Percentiles.of(latencies, n);
        LOG.info("LATENCY clients={} window_s={} {} worst_client_p99_ms={} units_per_client_min={} expected={}"
                        + " unmapped_clients={} unknown_units={} reader_failures={} published_units={}", clients,
                seconds, all.millis(), String.format("%.3f", worstClientP99 / 1e6), fewest == Integer.MAX_VALUE ? 0
                        : fewest, seconds * BenchClips.FPS, unmapped, unknownUnits, failures.get(),
                published.units());
    }

    private static void read(BenchRtspClient client, MarkerLog log, AtomicLong failures, AtomicBoolean closing) {
        try {
            while (client.nextFrame()) {
                byte[] frame = client.frame();
                // RFC 3550 §5.1: the marker bit is the top bit of byte 1; the timestamp is bytes 4-7.
                if (client.frameChannel() == 0 && client.frameLength() >= RTP_HEADER_BYTES && (frame[1] & 0x80) != 0) {
                    long now = System.nanoTime();
                    long timestamp = ((frame[4] & 0xffL) << 24 | (frame[5] & 0xffL) << 16 | (frame[6] & 0xffL) << 8
                            | (frame[7] & 0xffL)) & MASK32;
                    log.add(timestamp, now);
                }
            }
        } catch (IOException e) {
            // Closing the socket at the end ends the read with an exception: only earlier ones are failures.
            if (!closing.get()) {
                failures.incrementAndGet();
                LOG.warn("client {} failed: {}", Thread.currentThread().getName(), e.toString());
            }
        }
    }
}
