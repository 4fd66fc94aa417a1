package org.nvr.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An IP-camera stand-in: {@code peers/gst_rtsp_camera.py} (GStreamer RTSP server) in a subprocess on 127.0.0.1.
 * Serves H.264 at {@code rtsp://127.0.0.1:PORT/<mount>} over TCP-interleaved and/or UDP, optionally behind Digest
 * or Basic auth, from a live x264 encoder or a pre-encoded Annex-B file (cheaper, for load tests).
 *
 * <pre>{@code
 * try (GstRtspCamera camera = GstRtspCamera.builder().mounts("cam1").digestAuth("admin", "pw").build().start()) {
 *     String url = camera.urlWithCredentials("cam1");
 *     camera.kill();     // the camera drops off
 *     camera.restart();  // and comes back on the same port
 * }
 * }</pre>
 */
public final class GstRtspCamera implements AutoCloseable {
    /** Where the video comes from. */
    public enum Source { LIVE, FILE }

    /** RTSP lower transports the server accepts (RFC 2326 §12.39). */
    public enum Transport { TCP, UDP }

    /** HTTP-style authentication the server demands (RFC 2617). */
    public enum AuthMethod { DIGEST, BASIC }

    private static final String SCRIPT_RESOURCE = "/peers/gst_rtsp_camera.py";
    private static final String PASSWORD_ENV = "NVR_PEER_CAMERA_PASSWORD";
    private static final Pattern READY = Pattern.compile("^READY port=(\\d+)");

    private final Options options;
    private final PeerProcess process;
    private int port;

    private GstRtspCamera(Options options) {
        this.options = options;
        this.port = options.port();
        // The password travels in the environment, not argv: argv shows in ps and in the peer log.
        Map<String, String> environment = options.password() == null
                ? Map.of()
                : Map.of(PASSWORD_ENV, options.password());
        this.process = new PeerProcess("gst-rtsp-camera", newLogFile("gst-rtsp-camera-"), environment);
    }

    /** A builder with the defaults of the script: live 1280x720, 25 fps, GOP 50, 2000 kbps, mount cam1, TCP+UDP. */
    public static Builder builder() {
        return new Builder();
    }

    /** Launches the server and waits for its {@code READY} line; returns this. */
    public GstRtspCamera start() {
        process.start(command(port));
        Matcher ready = process.awaitLogLine(READY, options.readyTimeout());
        port = Integer.parseInt(ready.group(1));
        return this;
    }

    /** The RTSP TCP port (known after the first {@link #start()} when the builder left it at 0). */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("port is assigned by the server: start() first");
        }
        return port;
    }

    /** Mount names, without the leading slash. */
    public List<String> mounts() {
        return options.mounts();
    }

    /** {@code rtsp://127.0.0.1:PORT/mount}, without credentials. */
    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port() + "/" + checkedMount(mount);
    }

    /** {@code rtsp://user:password@127.0.0.1:PORT/mount}, with the configured credentials (URL-encoded). */
    public String urlWithCredentials(String mount) {
        if (options.user() == null) {
            throw new IllegalStateException("this camera has no credentials configured");
        }
        return url(mount, options.user(), options.password());
    }

    /** {@code rtsp://user:password@127.0.0.1:PORT/mount} with any credentials, e.g. wrong ones. */
    public String url(String mount, String user, String password) {
        return "rtsp://" + userInfo(user) + ":" + userInfo(password) + "@127.0.0.1:" + port() + "/"
                + checkedMount(mount);
    }

    /** SIGKILL, as when a camera loses power: no RTCP BYE, no TEARDOWN reply, sockets reset by the kernel. */
    public void kill() {
        process.kill();
    }

    /** Stops the server if it runs and starts it again on the same port. */
    public void restart() {
        int samePort = port();
        process.stop();
        process.start(command(samePort));
        process.awaitLogLine(READY, options.readyTimeout());
    }

    /** Whether the server process is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The server's combined stdout/stderr, appended across restarts. */
    public Path logFile() {
        return process.logFile();
    }

    /** The options this camera runs with. */
    public Options options() {
        return options;
    }

    /** Stops the server (SIGTERM, then SIGKILL) and removes its shutdown hook. */
    @Override
    public void close() {
        process.close();
    }

    private String checkedMount(String mount) {
        if (!options.mounts().contains(mount)) {
            throw new IllegalArgumentException("no mount '" + mount + "'; this camera serves " + options.mounts());
        }
        return mount;
    }

    private static String userInfo(String part) {
        // RFC 3986 §3.2.1: userinfo is percent-encoded; URLEncoder's '+' for space is not valid there.
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private List<String> command(int listenPort) {
        List<String> command = new ArrayList<>(List.of(Peers.SYSTEM_PYTHON.toString(), "-u", script().toString(),
                "--port", Integer.toString(listenPort),
                "--mounts", String.join(",", options.mounts()),
                "--fps", Integer.toString(options.fps()),
                "--gop", Integer.toString(options.gop()),
                "--bitrate-kbps", Integer.toString(options.bitrateKbps()),
                "--width", Integer.toString(options.width()),
                "--height", Integer.toString(options.height()),
                "--protocols", options.transports().stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(","))));
        if (options.source() == Source.FILE) {
            command.addAll(List.of("--source", "file", "--file", options.file().toString()));
        } else {
            command.addAll(List.of("--source", "live"));
        }
        if (options.user() != null) {
            command.addAll(List.of("--user", options.user(), "--password-env", PASSWORD_ENV,
                    "--auth", options.authMethod().name().toLowerCase(Locale.ROOT)));
        }
        return command;
    }

    /** The script as a file: straight from target/test-classes, or copied out of a jar. */
    private static Path script() {
        URL url = GstRtspCamera.class.getResource(SCRIPT_RESOURCE);
        if (url == null) {
            throw new IllegalStateException(SCRIPT_RESOURCE + " is not on the test classpath");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            Path copy = BuildDirectory.sub("peers").resolve("gst_rtsp_camera.py");
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + url, e);
        }
    }

    static Path newLogFile(String prefix) {
        try {
            return Files.createTempFile(BuildDirectory.sub("peers"), prefix, ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log file under target/peers", e);
        }
    }

    /**
     * What the script is told.
     *
     * @param port RTSP TCP port, 0 to let the server pick a free one (race-free)
     * @param file Annex-B H.264 file for {@link Source#FILE}, else null
     * @param user null for no authentication
     * @param readyTimeout how long {@link #start()} waits for the READY line
     */
    public record Options(int port, List<String> mounts, Source source, Path file, int fps, int gop,
            int bitrateKbps, int width, int height, String user, String password, AuthMethod authMethod,
            Set<Transport> transports, Duration readyTimeout) {
        /** Validates ranges and combinations. */
        public Options {
            mounts = List.copyOf(mounts);
            transports = Set.copyOf(transports);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (mounts.isEmpty() || mounts.stream().anyMatch(m -> !m.matches("[A-Za-z0-9_.-]+"))) {
                throw new IllegalArgumentException("mounts must be non-empty names of [A-Za-z0-9_.-]: " + mounts);
            }
            if ((source == Source.FILE) != (file != null)) {
                throw new IllegalArgumentException("a file goes with Source.FILE and only with it");
            }
            if (fps <= 0 || gop <= 0 || bitrateKbps <= 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("fps, gop, bitrateKbps, width and height must be positive");
            }
            if ((user == null) != (password == null) || (user == null) != (authMethod == null)) {
                throw new IllegalArgumentException("user, password and authMethod go together");
            }
            if (transports.isEmpty()) {
                throw new IllegalArgumentException("at least one transport");
            }
            if (readyTimeout.isNegative() || readyTimeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be positive");
            }
        }

        /** Everything but the password. */
        @Override
        public String toString() {
            return "Options[port=" + port + ", mounts=" + mounts + ", source=" + source + ", file=" + file
                    + ", fps=" + fps + ", gop=" + gop + ", bitrateKbps=" + bitrateKbps + ", size=" + width + "x"
                    + height + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", authMethod=" + authMethod + ", transports=" + transports + ", readyTimeout=" + readyTimeout
                    + "]";
        }
    }

    /** Collects {@link Options}; {@link #build()} validates them. */
    public static final class Builder {
        private int port;
        private List<String> mounts = List.of("cam1");
        private Source source = Source.LIVE;
        private Path file;
        private int fps = 25;
        private int gop = 50;
        private int bitrateKbps = 2000;
        private int width = 1280;
        private int height = 720;
        private String user;
        private String password;
        private AuthMethod authMethod;
        private Set<Transport> transports = EnumSet.allOf(Transport.class);
        private Duration readyTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        /** RTSP port; default 0 lets the server choose. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Mount names (default {@code cam1}). */
        public Builder mounts(String... names) {
            this.mounts = List.of(names);
            return this;
        }

        /** Mounts {@code cam1 .. camN}. */
        public Builder count(int cameras) {
            if (cameras <= 0) {
                throw new IllegalArgumentException("count must be positive: " + cameras);
            }
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= cameras; i++) {
                names.add("cam" + i);
            }
            this.mounts = names;
            return this;
        }

        /** Live x264 encoding of a test pattern with a clock (the default). */
        public Builder live() {
            this.source = Source.LIVE;
            this.file = null;
            return this;
        }

        /** Loops a pre-encoded Annex-B file, e.g. from {@link TestMedia#h264Clip}. */
        public Builder file(Path annexB) {
            this.source = Source.FILE;
            this.file = annexB.toAbsolutePath();
            return this;
        }

        public Builder fps(int value) {
            this.fps = value;
            return this;
        }

        /** Keyframe interval in frames (live source). */
        public Builder gop(int frames) {
            this.gop = frames;
            return this;
        }

        /** Encoder bitrate (live source). */
        public Builder bitrateKbps(int value) {
            this.bitrateKbps = value;
            return this;
        }

        /** Picture size (live source). */
        public Builder size(int widthPixels, int heightPixels) {
            this.width = widthPixels;
            this.height = heightPixels;
            return this;
        }

        public Builder digestAuth(String userName, String userPassword) {
            return auth(AuthMethod.DIGEST, userName, userPassword);
        }

        public Builder basicAuth(String userName, String userPassword) {
            return auth(AuthMethod.BASIC, userName, userPassword);
        }

        /** Lower transports the server accepts (default TCP and UDP). */
        public Builder transports(Transport first, Transport... rest) {
            this.transports = EnumSet.of(first, rest);
            return this;
        }

        public Builder readyTimeout(Duration value) {
            this.readyTimeout = value;
            return this;
        }

        /** A camera, not yet started. */
        public GstRtspCamera build() {
            return new GstRtspCamera(new Options(port, mounts, source, file, fps, gop, bitrateKbps, width, height,
                    user, password, authMethod, transports, readyTimeout));
        }

        private Builder auth(AuthMethod method, String userName, String userPassword) {
            this.authMethod = method;
            this.user = userName;
            this.password = userPassword;
            return this;
        }
    }
}
