package org.nvr.bench.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.testing.TestMedia;

/**
 * The simulator tests' clip: 1 s of ffmpeg's {@code testsrc2} at 640x360, 25 fps, 4 Mbit/s, one keyframe (GOP 25),
 * no B-frames (TestMedia), so that a stream crosses the clip's loop boundary after 25 pictures, about a second, and
 * its keyframes are large enough for FU-A fragments. Encoded once per build (skipped without ffmpeg, as Peers says).
 */
final class SimTestClips {

    static final int FPS = 25;
    static final int PICTURES = 25;
    static final long TICKS_PER_PICTURE = 90_000 / FPS;

    private static DemoClip clip;

    private SimTestClips() {
    }

    static synchronized DemoClip oneSecond() {
        if (clip == null) {
            Path file = TestMedia.h264Clip(640, 360, FPS, 1, PICTURES, 4000);
            try {
                clip = DemoClip.fromAnnexB(file, FPS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return clip;
    }
}
