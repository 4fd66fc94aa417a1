package org.nvr.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Test media generated with ffmpeg during the build (never committed), cached under {@code target/test-media/} by
 * parameters so that tests share one copy per build.
 */
public final class TestMedia {
    /** Generous bound for encoding a clip on a slow, shared 2-core machine. */
    static final Duration ENCODE_TIMEOUT = Duration.ofMinutes(3);

    private TestMedia() {
    }

    /**
     * An H.264 Annex-B elementary stream of ffmpeg's {@code testsrc2} pattern: High profile 4:2:0 (libx264
     * {@code veryfast}), no B-frames, an IDR exactly every {@code gop} frames (scene-cut IDRs disabled), SPS/PPS
     * repeated before each IDR.
     */
    public static Path h264Clip(int width, int height, int fps, int seconds, int gop, int bitrateKbps) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be positive and even (4:2:0): "
                    + width + "x" + height);
        }
        if (fps <= 0 || seconds <= 0 || gop <= 0 || bitrateKbps <= 0) {
            throw new IllegalArgumentException("fps, seconds, gop and bitrateKbps must be positive");
        }
        Peers.requireFfmpeg();
        Path dir = BuildDirectory.sub("test-media");
        Path clip = dir.resolve("h264-%dx%d-%dfps-%ds-gop%d-%dkbps.264".formatted(
                width, height, fps, seconds, gop, bitrateKbps));
        try {
            if (Files.isRegularFile(clip) && Files.size(clip) > 0) {
                return clip;
            }
            Path partial = Files.createTempFile(dir, "partial-", ".264");
            try {
                ProcessRunner.Result result = ProcessRunner.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-y",
                        "-f", "lavfi", "-i", "testsrc2=size=%dx%d:rate=%d".formatted(width, height, fps),
                        "-t", Integer.toString(seconds),
                        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                        "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0",
                        "-bf", "0", "-b:v", bitrateKbps + "k",
                        "-f", "h264", partial.toString()), ENCODE_TIMEOUT);
                if (!result.succeeded() || Files.size(partial) == 0) {
                    throw new IllegalStateException("ffmpeg could not make " + clip + ": " + result.describe());
                }
                moveIntoPlace(partial, clip);
            } finally {
                Files.deleteIfExists(partial);
            }
            return clip;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + clip, e);
        }
    }

    /** Atomic, so a concurrent test JVM sees either no clip or a whole one. */
    private static void moveIntoPlace(Path partial, Path clip) throws IOException {
        try {
            Files.move(partial, clip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("target/test-media must allow atomic renames", e);
        }
    }
}
