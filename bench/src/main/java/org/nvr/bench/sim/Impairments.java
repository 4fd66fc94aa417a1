package org.nvr.bench.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One stream's network impairments: send jitter and packet loss, each from its own random sequence seeded by the
 * run's seed and the stream's name ({@code cam7}), so that {@code cam7} loses the same packets in every run with
 * the same seed (and every session of it, counted from its PLAY), while {@code cam8} loses others.
 *
 * <p>Not thread-safe: one instance belongs to one session, on its event loop.
 */
final class Impairments {

    private final long maxJitterNanos;
    private final double lossFraction;
    private final SplittableRandom jitter;
    private final SplittableRandom loss;

    Impairments(String stream, int jitterMillis, double lossPercent, long seed) {
        this.maxJitterNanos = jitterMillis * 1_000_000L;
        this.lossFraction = lossPercent / 100;
        SplittableRandom root = new SplittableRandom(seed ^ fnv1a(stream));
        this.jitter = root.split();
        this.loss = root.split();
    }

    /** The delay to add to the next picture's due time: uniform in 0..J ms, in nanoseconds. */
    long nextJitterNanos() {
        return maxJitterNanos == 0 ? 0 : jitter.nextLong(maxJitterNanos + 1);
    }

    /** Whether the next RTP packet is lost on the way (drawn for every packet, in sequence order). */
    boolean dropNext() {
        return lossFraction > 0 && loss.nextDouble() < lossFraction;
    }

    /** FNV-1a, 64 bits: a stable hash of the stream name (String.hashCode would do, but 32 bits collide more). */
    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
