package org.nvr.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.stream.StreamHub;

/**
 * The synthetic camera side of the re-stream benchmark: publishes the clip's access units into a
 * {@link StreamHub} at 25 frames/s on its own thread, as an ingest would, and writes one line per unit,
 * {@code <pts90k> <System.nanoTime() just before publish>}, to the publish log that the clients' process reads
 * (both processes' {@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, so the times compare).
 *
 * <p>Each unit's pts is {@code i * 3600} plus a pseudo-random 0..999 ticks (under 11 ms), so that a client can
 * tell which unit an RTP timestamp belongs to from the differences of three consecutive timestamps (the server
 * adds a random per-session offset, RFC 3550 §5.1). The server does not pace live video by pts.
 */
final class ClipPublisher implements Runnable {
    private static final long TICKS_PER_FRAME = 90_000 / BenchClips.FPS;
    private static final long NANOS_PER_FRAME = 1_000_000_000L / BenchClips.FPS;
    private static final int JITTER_TICKS = 1000;
    private static final int FLUSH_EVERY_UNITS = BenchClips.FPS;

    private final DemoClip clip;
    private final StreamHub hub;
    private final Path log;
    private final Random jitter = new Random(42);
    private volatile boolean stopped;
    private volatile long published;

    ClipPublisher(DemoClip clip, StreamHub hub, Path log) {
        this.clip = clip;
        this.hub = hub;
        this.log = log;
    }

    void stop() {
        stopped = true;
    }

    long published() {
        return published;
    }

    @Override
    public void run() {
        hub.publish(SpsParser.toVideoParameters(clip.sps(), clip.pps()));
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.US_ASCII)) {
            long start = System.nanoTime();
            for (long i = 0; !stopped; i++) {
                long due = start + i * NANOS_PER_FRAME;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                DemoClip.Frame frame = clip.frame(i);
                long pts90k = i * TICKS_PER_FRAME + jitter.nextInt(JITTER_TICKS);
                AccessUnit unit = new AccessUnit(pts90k, Instant.now(), ClockSource.RECEIVE_CLOCK, frame.keyframe(),
                        frame.nalus());
                long now = System.nanoTime();
                hub.publish(unit);
                published = i + 1;
                out.write(pts90k + " " + now + "\n");
                if ((i + 1) % FLUSH_EVERY_UNITS == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the publish log " + log, e);
        }
    }
}
