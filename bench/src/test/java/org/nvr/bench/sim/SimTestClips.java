package org.nvr.bench.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.testing.TestMedia;

/**
 * The simulator tests' clip: 1 s of ffmpeg's {@code testsrc2} at 640x360, 25 fps, one keyframe (GOP 25), no
 * B-frames (TestMedia), so that a stream crosses the clip's loop boundary after 25 pictures, about a second. Asked
 * for 4 Mbit/s, x264 gives about 2.4 (306 kB, 232 RTP packets a loop; the keyframe is 14 kB, 11 FU-A packets).
 * Encoded once per build (skipped without ffmpeg, as Peers says).
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
