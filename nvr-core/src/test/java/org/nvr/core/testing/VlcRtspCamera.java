package org.nvr.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A second, independent RTSP server: VLC streaming a looped Annex-B file. Its quirk (PEERS.md): it answers
 * {@code 461 Unsupported transport} to a TCP-interleaved SETUP and serves RTP over UDP only, as some older cameras
 * do. {@code cvlc} refuses to run as root, so as root it runs as {@code nobody} through {@code runuser}, reading a
 * world-readable copy of the file under /tmp.
 *
 * <p>Observed with Debian 12's VLC 3.0 on a libx264 clip (25 fps, IDR every 50 frames), read by ffprobe over UDP:
 * timestamps advance 80 ms per frame within a GOP and jump back about 1.9 s at each IDR, and the RTP stream may end
 * near the point where the file loops. It is a server peer with its own quirks, not a clean timing reference: use
 * {@link GstRtspCamera} for that.
 *
 * <pre>{@code
 * try (VlcRtspCamera vlc = VlcRtspCamera.start(TestMedia.h264Clip(640, 360, 25, 4, 50, 800), "cam2")) {
 *     String url = vlc.url();   // rtsp://127.0.0.1:PORT/cam2, UDP only
 * }
 * }</pre>
 */
public final class VlcRtspCamera implements AutoCloseable {
    /** Default wait for VLC's RTSP port to accept connections. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_FPS = 25;

    private final int port;
    private final String mount;
    private final Path stagingDir;
    private final PeerProcess process;

    private VlcRtspCamera(int port, String mount, Path stagingDir, PeerProcess process) {
        this.port = port;
        this.mount = mount;
        this.stagingDir = stagingDir;
        this.process = process;
    }

    /** Serves {@code annexB} at {@code rtsp://127.0.0.1:<free port>/<mount>} at 25 fps. */
    public static VlcRtspCamera start(Path annexB, String mount) {
        return start(annexB, mount, FreePorts.tcpPort(), DEFAULT_FPS, DEFAULT_START_TIMEOUT);
    }

    /** Serves {@code annexB} looped at {@code fps}, waiting up to {@code startTimeout} for the port to accept. */
    public static VlcRtspCamera start(Path annexB, String mount, int port, int fps, Duration startTimeout) {
        if (!mount.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("mount must be a name of [A-Za-z0-9_.-]: " + mount);
        }
        if (port <= 0 || port > 65535 || fps <= 0) {
            throw new IllegalArgumentException("port and fps must be positive, port at most 65535");
        }
        Path staging = stage(annexB);
        PeerProcess process = new PeerProcess("vlc-rtsp-camera", GstRtspCamera.newLogFile("vlc-rtsp-camera-"),
                Map.of());
        VlcRtspCamera camera = new VlcRtspCamera(port, mount, staging.getParent(), process);
        try {
            process.start(command(staging, mount, port, fps));
            process.awaitTcpPort(port, startTimeout);
            return camera;
        } catch (RuntimeException e) {
            camera.close();
            throw e;
        }
    }

    /** {@code rtsp://127.0.0.1:PORT/mount}. */
    public String url() {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    public int port() {
        return port;
    }

    /** Whether VLC (or runuser around it) is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** VLC's combined stdout/stderr. */
    public Path logFile() {
        return process.logFile();
    }

    /** SIGKILL to runuser and VLC. */
    public void kill() {
        process.kill();
    }

    /** Stops VLC and deletes the staged copy of the file. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            deleteTree(stagingDir);
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> command(Path file, String mount, int port, int fps) {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            // cvlc exits with "VLC is not supposed to be run as root" (PEERS.md).
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of("cvlc", "-I", "dummy", file.toString(),
                "--no-audio", "--no-dbus",
                "--demux", "h264", "--h264-fps", Integer.toString(fps),
                "--sout", "#rtp{sdp=rtsp://127.0.0.1:" + port + "/" + mount + "}",
                "--sout-keep", "--loop"));
        return command;
    }

    /** Copies the clip into a fresh world-readable directory under /tmp, where {@code nobody} can read it. */
    private static Path stage(Path annexB) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "nvr-vlc-peer-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path copy = dir.resolve("clip.264");
            Files.copy(annexB, copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + annexB + " under /tmp for VLC", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
