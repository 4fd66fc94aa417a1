package org.nvr.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the third-party peers of PEERS.md are installed, and the policy when they are not: on CI (environment
 * variable {@code CI} set) a missing peer fails the test, because {@code .ci/run} installs them; on a developer
 * machine the test is skipped with a message naming the Debian package.
 */
public final class Peers {
    /** Debian's Python: {@code python3-gi} installs the GObject bindings for it, not for other Pythons on PATH. */
    public static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    static final String GST_PACKAGES = "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp python3-gi "
            + "gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly "
            + "gstreamer1.0-plugins-bad gstreamer1.0-x";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    /** Imports the RTSP server bindings and finds every element gst_rtsp_camera.py links. */
    private static final String GST_CHECK = String.join("\n",
            "import gi, sys",
            "gi.require_version('Gst', '1.0')",
            "gi.require_version('GstApp', '1.0')",
            "gi.require_version('GstRtsp', '1.0')",
            "gi.require_version('GstRtspServer', '1.0')",
            "from gi.repository import Gst, GstApp, GstRtsp, GstRtspServer",
            "Gst.init(None)",
            "names = ['videotestsrc', 'clockoverlay', 'x264enc', 'rtph264pay', 'h264parse', 'appsrc']",
            "missing = [n for n in names if Gst.ElementFactory.find(n) is None]",
            "print('missing GStreamer elements: ' + ' '.join(missing) if missing else 'ok')",
            "sys.exit(1 if missing else 0)");

    private Peers() {
    }

    /**
     * Whether {@code command} is usable: an executable on PATH (or an absolute path). The name
     * {@code "gst-rtsp-server"} instead checks that {@code /usr/bin/python3} imports the GStreamer RTSP server bindings and finds the elements.
     */
    public static boolean has(String command) {
        if (command.equals("gst-rtsp-server")) {
            return hasGstRtspServer();
        }
        if (command.contains(File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails (on CI) or aborts the test (elsewhere) unless {@code available}.
     *
     * @param what the peer and the Debian package(s) that provide it, shown in the message
     */
    public static void require(String what, boolean available) {
        require(what, available, System.getenv("CI"));
    }

    static void require(String what, boolean available, String ci) {
        if (available) {
            return;
        }
        if (ci != null && !ci.isEmpty()) {
            fail("Required peer missing on CI: " + what + ". .ci/run must install it (apt-get install).");
        }
        Assumptions.abort("Peer not installed, skipping: " + what + " (apt-get install it to run this test)");
    }

    /** Requires the GStreamer RTSP server that {@link GstRtspCamera} runs. */
    public static void requireGstRtspServer() {
        require("GStreamer RTSP server via /usr/bin/python3 (Debian packages: " + GST_PACKAGES + ")",
                has("gst-rtsp-server"));
    }

    /** Requires {@code ffmpeg} and {@code ffprobe}. */
    public static void requireFfmpeg() {
        require("ffmpeg and ffprobe (Debian package: ffmpeg)", has("ffmpeg") && has("ffprobe"));
    }

    /** Requires {@code cvlc}, and {@code runuser} when running as root. */
    public static void requireVlc() {
        require("VLC's cvlc (Debian packages: vlc-bin vlc-plugin-base)",
                has("cvlc") && (!VlcRtspCamera.runningAsRoot() || has("runuser")));
    }

    private static boolean hasGstRtspServer() {
        if (!Files.isExecutable(SYSTEM_PYTHON)) {
            return false;
        }
        ProcessRunner.Result result = ProcessRunner.run(
                List.of(SYSTEM_PYTHON.toString(), "-c", GST_CHECK), PROBE_TIMEOUT);
        return result.succeeded();
    }
}
