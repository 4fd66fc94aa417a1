package org.nvr.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.PackagedNvr;
import org.nvr.core.testing.GstRtspCamera;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;

/**
 * Issue #7: an operator's day with the distribution {@code target/nvr-<version>.tar.gz}, every step through the
 * unpacked {@code bin/nvr}: the first admin created offline, {@code nvr run}, a GStreamer RTSP camera added with
 * {@code nvr cameras add}, listed, recorded (a 10 s segment indexed), exported to an MP4 that ffmpeg decodes, the
 * audit trail read back, the camera removed, the status read, and SIGTERM ending the server with exit code 0
 * within 10 s. Every {@code --json} answer is parsed and checked.
 */
class EndToEndIT {
    private static final Pattern TARBALL = Pattern.compile("nvr-(.+)\\.tar\\.gz");
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    private static final String ADMIN_PASSWORD = "Admin-Pa55-e2e-7c19";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path home;
    private String adminUrl;

    @BeforeAll
    static void requirePeers() {
        Peers.requireGstRtspServer();
        Peers.requireFfmpeg();
    }

    /** What one run of {@code bin/nvr} printed. */
    record Run(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    @Test
    void addRecordExportAuditRemoveThenSigtermExitsZero() throws Exception {
        home = unpack(dir.resolve("unpacked"));
        Path data = dir.resolve("data");
        Path config = dir.resolve("nvr.yaml");
        Files.writeString(config, "dataDir: " + data + "\n"
                + "demo:\n  enabled: false\n"
                + "rtsp:\n  bind: 127.0.0.1\n  port: 0\n"
                + "admin:\n  bind: 127.0.0.1\n  port: 0\n"
                + "record:\n  segmentDuration: 10s\n", StandardCharsets.UTF_8);

        Run users = nvr(Map.of(), ADMIN_PASSWORD + "\n", "users", "add", "admin", "--role", "admin",
                "--password-stdin", "--config", config.toString());
        assertThat(users.exitCode()).as(users.describe()).isZero();

        Path log = dir.resolve("run.log");
        Process server = launcher(List.of("run", "--config", config.toString()), Map.of())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (GstRtspCamera camera = GstRtspCamera.builder().mounts("cam1").size(320, 240).fps(15).gop(15)
                .bitrateKbps(300).build().start()) {
            adminUrl = "http://127.0.0.1:" + PackagedNvr.awaitPort(log, server, PackagedNvr.ADMIN_LISTENING);
            Instant from = Instant.now().minusSeconds(60);

            Run add = client("cameras", "add", "cam1", "--url", camera.url("cam1"));
            assertThat(add.exitCode()).as(add.describe()).isZero();

            Run list = client("cameras", "list", "--json");
            assertThat(list.exitCode()).as(list.describe()).isZero();
            JsonNode cam1 = camera(list.json(), "cam1");
            assertThat(cam1).as(list.stdout).isNotNull();
            assertThat(cam1.path("source").asText()).isEqualTo("rtsp");
            assertThat(cam1.path("enabled").asBoolean()).isTrue();
            assertThat(cam1.path("streams").get(0).path("url").asText()).isEqualTo(camera.url("cam1"));

            JsonNode segment = awaitSegment(from, Duration.ofSeconds(60));
            Instant start = Instant.parse(segment.path("start").asText());
            Instant end = Instant.parse(segment.path("end").asText());
            assertThat(end).isAfter(start);
            assertThat(segment.path("frames").asLong()).isPositive();
            assertThat(segment.path("bytes").asLong()).isPositive();

            Path mp4 = dir.resolve("f.mp4");
            Run export = client("export", "cam1", "--from", start.toString(), "--to", end.toString(), "-o",
                    mp4.toString());
            assertThat(export.exitCode()).as(export.describe()).isZero();
            assertThat(mp4).isRegularFile();
            ProcessRunner.Result decode = ProcessRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-xerror",
                    "-i", mp4.toString(), "-f", "null", "-"), CLI_TIMEOUT);
            assertThat(decode.exitCode()).as(decode.describe()).isZero();
            assertThat(decode.stderr()).as("ffmpeg reports no decoding error").isBlank();

            Run audit = client("audit", "--json");
            assertThat(audit.exitCode()).as(audit.describe()).isZero();
            List<String> actions = new ArrayList<>();
            for (JsonNode entry : audit.json().path("entries")) {
                actions.add(entry.path("action").asText());
                if (entry.path("action").asText().equals("camera.add")) {
                    assertThat(entry.path("user").asText()).isEqualTo("admin");
                    assertThat(entry.path("detail").path("camera").asText()).isEqualTo("cam1");
                }
            }
            assertThat(actions).contains("camera.add", "recording.export");

            Run remove = client("cameras", "remove", "cam1", "--yes");
            assertThat(remove.exitCode()).as(remove.describe()).isZero();
            Run after = client("cameras", "list", "--json");
            assertThat(after.exitCode()).as(after.describe()).isZero();
            assertThat(camera(after.json(), "cam1")).as(after.stdout).isNull();

            Run status = client("status");
            assertThat(status.exitCode()).as(status.describe()).isZero();
            assertThat(status.stdout()).contains(adminUrl).contains("0 (0 enabled)");
            Run statusJson = client("status", "--json");
            assertThat(statusJson.exitCode()).as(statusJson.describe()).isZero();
            assertThat(statusJson.json().path("healthz").path("status").asText()).isEqualTo("ok");
            assertThat(statusJson.json().path("cameras").path("cameras").size()).isZero();

            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
        } finally {
            server.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(server.exitValue()).as(output).isZero();
        assertThat(output).contains("NVR stopped").doesNotContain(ADMIN_PASSWORD);
    }

    /** The camera {@code id} of a {@code cameras list --json} answer, or null. */
    private static JsonNode camera(JsonNode list, String id) {
        for (JsonNode c : list.path("cameras")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** Polls {@code nvr recordings cam1 --json} until it lists a segment; returns the first. */
    private JsonNode awaitSegment(Instant from, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Run last = null;
        while (System.nanoTime() < deadline) {
            last = client("recordings", "cam1", "--from", from.toString(), "--to",
                    Instant.now().plusSeconds(60).toString(), "--json");
            assertThat(last.exitCode()).as(last.describe()).isZero();
            JsonNode segments = last.json().path("segments");
            assertThat(segments.isArray()).as(last.stdout).isTrue();
            if (segments.size() > 0) {
                return segments.get(0);
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("no segment of cam1 within " + timeout + "; last answer:\n"
                + (last == null ? "-" : last.describe()));
    }

    /** {@code bin/nvr ARGS} as the admin, against the running server. */
    private Run client(String... args) throws Exception {
        return nvr(Map.of("NVR_SERVER", adminUrl, "NVR_USER", "admin", "NVR_PASSWORD", ADMIN_PASSWORD), null,
                args);
    }

    /** Runs {@code bin/nvr ARGS} to its end; the environment (credentials) stays out of argv and messages. */
    private Run nvr(Map<String, String> env, String stdin, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = launcher(List.of(args), env).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        try {
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            assertThat(process.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("nvr %s ended within %s", args[0], CLI_TIMEOUT).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private ProcessBuilder launcher(List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/nvr").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Client runs are short: a small heap and the quick JIT keep each one near half a second.
        builder.environment().put("JAVA_OPTS", args.get(0).equals("run") ? "-Xms64m -Xmx512m"
                : "-Xmx128m -XX:TieredStopAtLevel=1");
        builder.environment().remove("NVR_SERVER");
        builder.environment().remove("NVR_USER");
        builder.environment().remove("NVR_PASSWORD");
        builder.environment().putAll(env);
        return builder;
    }

    /** Unpacks the one {@code target/nvr-<version>.tar.gz} into {@code into}; returns {@code nvr-<version>/}. */
    private static Path unpack(Path into) throws IOException {
        List<Path> tarballs;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            tarballs = files.filter(p -> TARBALL.matcher(p.getFileName().toString()).matches()).toList();
        }
        assertThat(tarballs).as("exactly one target/nvr-<version>.tar.gz (run `mvn verify`)").hasSize(1);
        Matcher name = TARBALL.matcher(tarballs.get(0).getFileName().toString());
        assertThat(name.matches()).isTrue();
        Files.createDirectories(into);
        ProcessRunner.Result tar = ProcessRunner.run(List.of("tar", "-xzf", tarballs.get(0).toAbsolutePath()
                .toString(), "-C", into.toString()), CLI_TIMEOUT);
        assertThat(tar.exitCode()).as(tar.describe()).isZero();
        return into.resolve("nvr-" + name.group(1));
    }
}
