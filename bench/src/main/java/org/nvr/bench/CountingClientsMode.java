package org.nvr.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code count} of {@link RestreamBenchMain}, run by {@code bench/ingest-vs-floor.sh -m M} beside the recording
 * NVR: {@code --clients} live RTSP clients of {@code --path} (default {@code /cam1}) on the NVR's re-stream server at
 * {@code --port}, each a {@link BenchRtspClient} over TCP with its own reader thread, in a process apart from the
 * NVR's so that the script reads the NVR's CPU alone. Each reader counts the access units it receives (RTP packets
 * on channel 0 with the marker bit set, the last packet of a unit: RFC 6184 §5.1) and the gaps in the RTP sequence
 * numbers (RFC 3550 §5.1: a step other than +1; the packets a forward step skips are counted as lost). A server that
 * drops units for a slow client skips to the next keyframe without a sequence gap, so that shows as units missing,
 * not as packets lost.
 *
 * <p>Prints {@code ALL_PLAYING}; at the end of the script's window ({@link WindowMarkers}, {@code --window-dir};
 * without it, {@code --seconds} after {@code ALL_PLAYING}) one {@code CLIENT} line per client (units, packets lost
 * and sequence gaps in the window) and a {@code CLIENTS} summary (fewest and most units, totals, reader failures, and
 * this JVM's CPU in % of one core over the window); then closes the sessions and exits.
 */
final class CountingClientsMode {
    private static final Logger LOG = LoggerFactory.getLogger(CountingClientsMode.class);
    private static final long THREAD_STACK_BYTES = 256 * 1024;
    private static final int RTP_HEADER_BYTES = 12;
    private static final long MARKER_GRACE_SECONDS = 60;

    private CountingClientsMode() {
    }

    /** What one client's reader counted; written by that reader thread only. */
    private static final class Counts {
        private volatile long units;
        private volatile long lostPackets;
        private volatile long gaps;
        private int lastSequence = -1;

        void packet(byte[] frame) {
            int sequence = (frame[2] & 0xff) << 8 | frame[3] & 0xff;
            if (lastSequence >= 0) {
                int step = (sequence - lastSequence) & 0xffff;
                if (step != 1) {
                    gaps++;
                    // A backward step (reordering or a duplicate) loses nothing; a forward one skips step - 1.
                    if (step > 1 && step < 0x8000) {
                        lostPackets += step - 1;
                    }
                }
            }
            lastSequence = sequence;
            if ((frame[1] & 0x80) != 0) {
                units++;
            }
        }

        long[] snapshot() {
            return new long[] {units, lostPackets, gaps};
        }
    }

    static void run(BenchArgs options) throws Exception {
        int port = options.integer("port", 0, 1, 65535);
        int clients = options.integer("clients", 10, 1, 250);
        int seconds = options.integer("seconds", 30, 1, 86_400);
        String path = options.string("path", "/cam1");
        WindowMarkers markers = WindowMarkers.of(options.string("window-dir", ""));

        List<BenchRtspClient> sessions = new ArrayList<>(clients);
        List<Counts> counts = new ArrayList<>(clients);
        List<Thread> readers = new ArrayList<>(clients);
        AtomicLong failures = new AtomicLong();
        AtomicBoolean closing = new AtomicBoolean();
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            BenchRtspClient client = new BenchRtspClient(port, path);
            client.describeAndSetup();
            BenchRtspClient.Reply play = client.play();
            if (play.status() != 200) {
                throw new IOException("PLAY of client " + i + " answered " + play.status());
            }
            Counts mine = new Counts();
            Thread reader = new Thread(null, () -> read(client, mine, failures, closing), "client-" + i,
                    THREAD_STACK_BYTES);
            reader.start();
            sessions.add(client);
            counts.add(mine);
            readers.add(reader);
        }
        long playingNanos = System.nanoTime();
        LOG.info("ALL_PLAYING clients={} path={} after_ms={}", clients, path,
                TimeUnit.NANOSECONDS.toMillis(playingNanos - connectStart));

        long deadlineNanos = playingNanos + TimeUnit.SECONDS.toNanos(seconds)
                + (markers.scripted() ? TimeUnit.SECONDS.toNanos(MARKER_GRACE_SECONDS) : 0);
        if (!markers.awaitStart(deadlineNanos)) {
            LOG.warn("the script's window start marker did not come; the window starts now");
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuAtStart = os.getProcessCpuTime();
        long startNanos = System.nanoTime();
        List<long[]> atStart = counts.stream().map(Counts::snapshot).toList();
        if (!markers.awaitEnd(deadlineNanos)) {
            LOG.warn("the script's window end marker did not come; the window ends now");
        }
        List<long[]> atEnd = counts.stream().map(Counts::snapshot).toList();
        double windowSeconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuPercent = 100.0 * (os.getProcessCpuTime() - cpuAtStart) / 1e9 / windowSeconds;

        long fewest = Long.MAX_VALUE;
        long most = 0;
        long units = 0;
        long lost = 0;
        long gaps = 0;
        for (int i = 0; i < clients; i++) {
            long u = atEnd.get(i)[0] - atStart.get(i)[0];
            long l = atEnd.get(i)[1] - atStart.get(i)[1];
            long g = atEnd.get(i)[2] - atStart.get(i)[2];
            LOG.info("CLIENT {} units={} lost_packets={} seq_gaps={}", i + 1, u, l, g);
            fewest = Math.min(fewest, u);
            most = Math.max(most, u);
            units += u;
            lost += l;
            gaps += g;
        }
        LOG.info("CLIENTS clients={} path={} window_s={} units_min={} units_max={} units_total={} lost_packets={}"
                        + " seq_gaps={} reader_failures={} cpu_pct={}", clients, path,
                String.format("%.1f", windowSeconds), fewest, most, units, lost, gaps, failures.get(),
                String.format("%.1f", cpuPercent));

        closing.set(true);
        for (BenchRtspClient client : sessions) {
            client.close();
        }
        for (Thread reader : readers) {
            reader.join(5000);
        }
    }

    private static void read(BenchRtspClient client, Counts counts, AtomicLong failures, AtomicBoolean closing) {
        try {
            while (client.nextFrame()) {
                if (client.frameChannel() == 0 && client.frameLength() >= RTP_HEADER_BYTES) {
                    counts.packet(client.frame());
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
