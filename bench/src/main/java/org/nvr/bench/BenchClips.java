package org.nvr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nvr.core.demo.DemoClip;

/**
 * The benchmarks' test media: a 1280x720, 25 frames/s, 4 Mbit/s H.264 clip with a keyframe every 2 s and no
 * B-frames, as an IP camera's main stream. Encoded by ffmpeg (PEERS.md, "Test media") once into the temp
 * directory and reused, so that no large binary is committed.
 */
public final class BenchClips {
    /** Frame rate of the clip. */
    public static final int FPS = 25;

    private static final int ENCODE_TIMEOUT_SECONDS = 300;

    private BenchClips() {
    }

    /**
     * Loads {@code path} when it is not empty, else the default clip (encoded on first use).
     *
     * @throws IOException when the file cannot be read or ffmpeg fails
     */
    public static DemoClip load(String path) throws IOException {
        Path file = path == null || path.isEmpty() ? defaultClip() : Path.of(path);
        return DemoClip.fromAnnexB(file, FPS);
    }

    /** The default clip's file, encoding it with ffmpeg when it is not there yet. */
    static Path defaultClip() throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "nvr-bench-720p25-4M-g50.264");
        if (Files.exists(file) && Files.size(file) > 0) {
            return file;
        }
        Path partial = Files.createTempFile(file.getParent(), "nvr-bench-", ".264");
        // The same command the whole-process benchmark uses (bench/ingest-vs-floor.sh).
        List<String> command = List.of("ffmpeg", "-y", "-v", "error", "-f", "lavfi",
                "-i", "testsrc2=size=1280x720:rate=25", "-t", "10", "-c:v", "libx264", "-g", "50", "-bf", "0",
                "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M", "-f", "h264", partial.toString());
        Process process = new ProcessBuilder(command).inheritIO().start();
        try {
            if (!process.waitFor(ENCODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg did not encode the benchmark clip within " + ENCODE_TIMEOUT_SECONDS
                        + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while encoding the benchmark clip", e);
        }
        if (process.exitValue() != 0) {
            Files.deleteIfExists(partial);
            throw new IOException("ffmpeg exited with " + process.exitValue() + " encoding the benchmark clip"
                    + " (is the ffmpeg package installed?)");
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
