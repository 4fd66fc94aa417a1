package org.nvr.bench;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code playback} of {@link RestreamBenchMain}: time to the first frame of recorded playback. {@code --tries}
 * times (after {@code --warmup-tries} unmeasured ones): a new connection to {@code /cam1}, DESCRIBE, SETUP over
 * TCP, then PLAY with {@code Range: clock=<random whole second in [--from + 1 s, --to - 5 s)>-} (RFC 2326 §12.29,
 * utc-time §3.7); the time is from the PLAY request written to the first RTP packet (channel 0) read whole. That
 * covers authentication, the audit row (H2, written before any video), opening the cursor (index query, segment
 * file, the fragment holding that time, back to its keyframe) and the first unit's packetization. TEARDOWN, close.
 */
final class PlaybackProbeMode {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackProbeMode.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int END_MARGIN_SECONDS = 5;

    private PlaybackProbeMode() {
    }

    static void run(BenchArgs options) throws Exception {
        int port = options.integer("port", 0, 1, 65535);
        int tries = options.integer("tries", 20, 1, 1000);
        int warmupTries = options.integer("warmup-tries", 3, 0, 100);
        Instant from = Instant.parse(options.string("from", ""));
        Instant to = Instant.parse(options.string("to", ""));
        long span = to.getEpochSecond() - from.getEpochSecond() - 1 - END_MARGIN_SECONDS;
        if (span <= 0) {
            throw new IllegalArgumentException("--from " + from + " to --to " + to + " is too short");
        }
        Random random = new Random(7);
        long[] measured = new long[tries];
        StringBuilder warm = new StringBuilder();
        for (int i = 0; i < warmupTries + tries; i++) {
            Instant at = from.plusSeconds(1 + (long) (random.nextDouble() * span));
            long nanos = firstFrameNanos(port, at);
            if (i < warmupTries) {
                warm.append(warm.length() == 0 ? "" : ",").append(String.format("%.1f", nanos / 1e6));
            } else {
                measured[i - warmupTries] = nanos;
            }
        }
        LOG.info("FIRST_FRAME tries={} {} warmup_tries_ms=[{}]", tries, Percentiles.of(measured, tries).millis(),
                warm);
    }

    private static long firstFrameNanos(int port, Instant at) throws IOException {
        try (BenchRtspClient client = new BenchRtspClient(port, "/cam1")) {
            client.describeAndSetup();
            long sent = System.nanoTime();
            BenchRtspClient.Reply reply = client.play("Range", "clock=" + CLOCK.format(at) + "-");
            if (reply.status() != 200) {
                throw new IOException("PLAY at " + at + " answered " + reply.status());
            }
            if (client.framesBeforeReply() > 0) {
                throw new IOException("media came before the PLAY reply: the client cannot time it");
            }
            while (client.nextFrame()) {
                if (client.frameChannel() == 0) {
                    long first = System.nanoTime();
                    client.teardown();
                    return first - sent;
                }
            }
            throw new IOException("the server closed the connection before the first RTP packet of " + at);
        }
    }
}
