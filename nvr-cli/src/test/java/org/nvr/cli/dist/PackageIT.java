package org.nvr.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;

/**
 * The Linux distribution {@code target/nvr-<version>.tar.gz} (built in {@code package}, before this runs): its
 * layout and file modes, a Class-Path that {@code lib/nvr.jar} resolves among its neighbours, the launcher's
 * symlink, JAVA_HOME/PATH, Java version and JAVA_OPTS handling, the completion script, and the install guide's
 * steps run from the unpacked tree: {@code nvr users add}, then {@code nvr run} recording until SIGTERM, which
 * the JVM receives through the launcher's exec and answers by closing the segment and exiting 0.
 */
class PackageIT {
    private static final Pattern TARBALL = Pattern.compile("nvr-(.+)\\.tar\\.gz");
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final StreamKey DEMO = new StreamKey("demo", "main");
    /** The camera's password in the configuration: it must never reach the log. */
    private static final String CAMERA_PASSWORD = "Gate-Pa55-7b1e9d";
    private static final String ADMIN_PASSWORD = "Admin-Pa55-c40f2a";

    @TempDir
    static Path unpacked;

    static String version;
    static Path home;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws IOException {
        List<Path> tarballs;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            tarballs = files.filter(p -> TARBALL.matcher(p.getFileName().toString()).matches()).toList();
        }
        assertThat(tarballs).as("exactly one target/nvr-<version>.tar.gz (run `mvn verify`)").hasSize(1);
        Matcher name = TARBALL.matcher(tarballs.get(0).getFileName().toString());
        assertThat(name.matches()).isTrue();
        version = name.group(1);
        // GNU tar keeps the archive's modes, which is what an operator unpacking it gets.
        ProcessRunner.Result tar = ProcessRunner.run(List.of("tar", "-xzf", tarballs.get(0).toAbsolutePath()
                .toString(), "-C", unpacked.toString()), QUICK);
        assertThat(tar.exitCode()).as(tar.describe()).isZero();
        home = unpacked.resolve("nvr-" + version);
    }

    @Test
    void layoutIsOneTopDirectoryWithBinLibConfigCompletionAndReadme() throws IOException {
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("nvr-" + version);
        }
        try (Stream<Path> entries = Files.list(home)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("bin", "lib", "config", "completion", "README.md");
        }
        assertThat(names(home.resolve("bin"))).containsExactly("nvr");
        assertThat(names(home.resolve("config"))).containsExactlyInAnyOrder("nvr.yaml", "nvr.service");
        assertThat(names(home.resolve("completion"))).containsExactly("nvr");
        assertThat(mode(home.resolve("bin/nvr"))).isEqualTo("rwxr-xr-x");
        for (Path file : List.of(home.resolve("lib/nvr.jar"), home.resolve("config/nvr.yaml"),
                home.resolve("config/nvr.service"), home.resolve("completion/nvr"), home.resolve("README.md"))) {
            assertThat(mode(file)).as("%s", file).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void shippedTextFilesAreTheCheckoutsOwn() throws IOException {
        assertSameContent(home.resolve("config/nvr.yaml"), Path.of("..", "config", "nvr.yaml"));
        assertSameContent(home.resolve("config/nvr.service"), Path.of("..", "config", "nvr.service"));
        assertSameContent(home.resolve("README.md"), Path.of("..", "README.md"));
        assertSameContent(home.resolve("completion/nvr"), BashCompletionTest.COMMITTED);
        assertSameContent(home.resolve("bin/nvr"), Path.of("src", "dist", "bin", "nvr"));
    }

    @Test
    void jarInLibFindsEveryDependencyBesideItAndNothingElseIsShipped() throws IOException {
        Attributes manifest;
        try (JarFile jar = new JarFile(home.resolve("lib/nvr.jar").toFile())) {
            manifest = jar.getManifest().getMainAttributes();
        }
        assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("org.nvr.cli.Main");
        assertThat(manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION)).isEqualTo(version);
        Set<String> classPath = new TreeSet<>(Arrays.asList(
                manifest.getValue(Attributes.Name.CLASS_PATH).trim().split("\\s+")));
        // Relative to lib/nvr.jar itself: bare names, no lib/ prefix (that is target/nvr.jar's layout).
        assertThat(classPath).allSatisfy(entry -> assertThat(entry).doesNotContain("/"));
        assertThat(classPath).anyMatch(entry -> entry.startsWith("picocli-"))
                .anyMatch(entry -> entry.startsWith("nvr-core-"));
        Set<String> lib = new TreeSet<>(names(home.resolve("lib")));
        lib.remove("nvr.jar");
        assertThat(lib).isEqualTo(classPath);
    }

    @Test
    void versionAndHelpRunThroughTheLauncher() {
        ProcessRunner.Result versionOut = nvr(List.of(), "--version");
        assertThat(versionOut.exitCode()).as(versionOut.describe()).isZero();
        assertThat(versionOut.stdout().strip()).isEqualTo("nvr " + version);

        ProcessRunner.Result help = nvr(List.of(), "--help");
        assertThat(help.exitCode()).as(help.describe()).isZero();
        assertThat(help.stdout()).contains("Usage: nvr").contains("run").contains("users").contains("check");
    }

    @Test
    void launcherFindsItsHomeThroughRelativeAndAbsoluteSymlinks() throws IOException {
        // /usr/local/bin/nvr -> /opt/nvr/bin/nvr, here with one relative and one absolute hop.
        Path first = Files.createDirectories(dir.resolve("a")).resolve("nvr");
        Files.createSymbolicLink(first, first.getParent().relativize(home.resolve("bin/nvr")));
        Path second = Files.createDirectories(dir.resolve("b")).resolve("nvr-link");
        Files.createSymbolicLink(second, first.toAbsolutePath());
        ProcessRunner.Result result = ProcessRunner.run(List.of("env", "-u", "JAVA_OPTS",
                "JAVA_HOME=" + System.getProperty("java.home"), second.toString(), "--version"), QUICK);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("nvr " + version);
    }

    @Test
    void launcherStartedByARelativePathIgnoresCdpath() throws IOException {
        // With CDPATH set, `cd bin` may enter (and print) another directory named bin: a decoy one here.
        Path decoy = Files.createDirectories(dir.resolve("decoy").resolve("bin")).getParent();
        ProcessRunner.Result result = ProcessRunner.run(List.of("env", "-u", "JAVA_OPTS", "CDPATH=" + decoy,
                "JAVA_HOME=" + System.getProperty("java.home"), "sh", "-c", "cd \"$1\" && exec bin/nvr --version",
                "sh", home.toString()), QUICK);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("nvr " + version);
    }

    @Test
    void defaultHeapFlagsOnlyWhenJavaOptsIsUnsetAndArgumentsPassUntouched() throws IOException {
        Path jdk = fakeJava("openjdk version \"17.0.15\" 2025-04-15");
        String jar = home.resolve("lib/nvr.jar").toRealPath().toString();

        ProcessRunner.Result unset = ProcessRunner.run(List.of("env", "-u", "JAVA_OPTS", "JAVA_HOME=" + jdk,
                home.resolve("bin/nvr").toString(), "run", "--config", "a b.yaml"), QUICK);
        assertThat(unset.exitCode()).as(unset.describe()).isZero();
        assertThat(unset.stdout().lines()).containsExactly("-Xms256m", "-Xmx2g", "-jar", jar, "run", "--config",
                "a b.yaml");

        // Split into words, never globbed (a `*` in a flag would otherwise match files in the working directory).
        ProcessRunner.Result set = ProcessRunner.run(List.of("env", "JAVA_OPTS=-Xmx64m -Dnvr.glob=*",
                "JAVA_HOME=" + jdk, home.resolve("bin/nvr").toString(), "--version"), QUICK);
        assertThat(set.stdout().lines()).containsExactly("-Xmx64m", "-Dnvr.glob=*", "-jar", jar, "--version");

        ProcessRunner.Result empty = ProcessRunner.run(List.of("env", "JAVA_OPTS=", "JAVA_HOME=" + jdk,
                home.resolve("bin/nvr").toString(), "--version"), QUICK);
        assertThat(empty.stdout().lines()).containsExactly("-jar", jar, "--version");
    }

    @Test
    void javaOnPathIsUsedWithoutJavaHome() throws IOException {
        // A two-digit feature release without dots, as `java -version` prints for a GA build of 21.
        Path jdk = fakeJava("openjdk version \"21\" 2023-09-19");
        ProcessRunner.Result result = ProcessRunner.run(List.of("env", "-u", "JAVA_HOME", "-u", "JAVA_OPTS",
                "PATH=" + jdk.resolve("bin") + ":/usr/bin:/bin", home.resolve("bin/nvr").toString(), "--version"),
                QUICK);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).contains("-jar", "--version");
    }

    @Test
    void javaOlderThan17IsRefusedWithAClearMessage() throws IOException {
        for (String banner : List.of("openjdk version \"11.0.22\" 2024-01-16", "java version \"1.8.0_402\"")) {
            Path jdk = fakeJava(banner);
            ProcessRunner.Result result = ProcessRunner.run(List.of("env", "-u", "JAVA_OPTS", "JAVA_HOME=" + jdk,
                    home.resolve("bin/nvr").toString(), "--version"), QUICK);
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
            assertThat(result.stdout()).as("the old JVM was not started").isEmpty();
            assertThat(result.stderr()).contains("needs Java 17 or newer").contains(jdk.resolve("bin/java")
                    .toString());
        }
        ProcessRunner.Result missing = ProcessRunner.run(List.of("env", "JAVA_HOME=" + dir.resolve("no-jdk"),
                home.resolve("bin/nvr").toString(), "--version"), QUICK);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("JAVA_HOME is " + dir.resolve("no-jdk"));
    }

    @Test
    void shippedCompletionCompletesSubcommandsAndOptions() {
        Path script = home.resolve("completion/nvr");
        // What bash does on TAB: COMP_WORDS/COMP_CWORD set, the function named by `complete -F` called.
        ProcessRunner.Result result = ProcessRunner.run(List.of("bash", "-c", "source \"$1\" && "
                + "COMP_WORDS=(nvr ca); COMP_CWORD=1; _complete_nvr 2>/dev/null; echo \"1:${COMPREPLY[*]}\"; "
                + "COMP_WORDS=(nvr users add x --ro); COMP_CWORD=4; _complete_nvr 2>/dev/null; "
                + "echo \"2:${COMPREPLY[*]}\"", "bash", script.toString()), QUICK);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).containsExactly("1:cameras camera", "2:--role");
    }

    @Test
    void installStepsThenRunUntilSigtermClosesTheSegmentAndExitsZero() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("nvr.yaml");
        try (RefusingRtspCamera gate = new RefusingRtspCamera()) {
            Files.writeString(config, "dataDir: " + data + "\n"
                    + "rtsp:\n  port: 0\nadmin:\n  port: 0\n"
                    + "demo:\n  enabled: true\n  port: 0\n"
                    + "cameras:\n"
                    + "  - id: gate\n"
                    + "    url: rtsp://127.0.0.1:" + gate.port() + "/stream\n"
                    + "    username: nvr\n"
                    + "    password: " + CAMERA_PASSWORD + "\n", StandardCharsets.UTF_8);

            // docs/install.md: the first admin, created with the server stopped (the index allows one process).
            Process users = launcher(List.of("users", "add", "admin", "--role", "admin", "--password-stdin",
                    "--config", config.toString()), dir.resolve("users.log")).start();
            users.getOutputStream().write((ADMIN_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
            users.getOutputStream().close();
            assertThat(users.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(users.exitValue()).as(Files.readString(dir.resolve("users.log"))).isZero();

            Path log = dir.resolve("run.log");
            Process nvr = launcher(List.of("run", "--config", config.toString()), log).start();
            try {
                awaitSegmentFile(data.resolve("recordings").resolve("demo"), Duration.ofSeconds(45));
                awaitCredentialsSent(gate, Duration.ofSeconds(20));
                // exec: the launcher's process is now the JVM itself, so SIGTERM goes straight to it.
                assertThat(nvr.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("/java"));
                Thread.sleep(2_000);
                nvr.destroy();
                assertThat(nvr.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
            } finally {
                nvr.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(nvr.exitValue()).as(output).isZero();
            assertThat(output).contains("camera gate/main").contains("NVR stopped")
                    .doesNotContain("no NVR users yet");
            String basic = Base64.getEncoder().encodeToString(("nvr:" + CAMERA_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            for (String secret : List.of(CAMERA_PASSWORD, basic, ADMIN_PASSWORD)) {
                assertThat(output).as("log of nvr run").doesNotContain(secret);
                assertThat(Files.readString(dir.resolve("users.log"))).doesNotContain(secret);
            }
        }

        List<SegmentRow> segments;
        try (Database database = Database.open(data)) {
            segments = new H2RecordingIndex(database, NvrClock.SYSTEM).segments(DEMO, Instant.EPOCH, Instant.now());
        }
        assertThat(segments).isNotEmpty();
        assertThat(segments.get(segments.size() - 1).endReason()).isEqualTo(EndReason.STOPPED);
        assertThat(segments.get(segments.size() - 1).frames()).isPositive();
        for (SegmentRow segment : segments) {
            assertThat(data.resolve("recordings").resolve(segment.path())).isRegularFile();
        }
    }

    /** The unpacked launcher run as the service runs it: this JDK, a modest heap, the data's directory as cwd. */
    private ProcessBuilder launcher(List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/nvr").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx512m");
        return builder;
    }

    private ProcessRunner.Result nvr(List<String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "-u", "JAVA_OPTS",
                "JAVA_HOME=" + System.getProperty("java.home")));
        command.addAll(env);
        command.add(home.resolve("bin/nvr").toString());
        command.addAll(List.of(args));
        return ProcessRunner.run(command, QUICK);
    }

    /**
     * A JAVA_HOME whose bin/java prints {@code banner} for {@code -version} (on stderr, as java does) and otherwise
     * prints its arguments one per line, so the launcher's command line can be read back.
     */
    private Path fakeJava(String banner) throws IOException {
        Path jdk = Files.createTempDirectory(dir, "jdk");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo '" + banner + "' >&2; exit 0; fi\n"
                + "for arg in \"$@\"; do printf '%s\\n' \"$arg\"; done\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    private static void awaitSegmentFile(Path recordings, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(recordings)) {
                try (Stream<Path> files = Files.walk(recordings)) {
                    if (files.anyMatch(p -> p.toString().endsWith(".mp4"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no segment file under " + recordings + " within " + timeout);
    }

    private static void awaitCredentialsSent(RefusingRtspCamera camera, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (camera.requestsWithCredentials() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the NVR never answered the camera's challenge within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static void assertSameContent(Path shipped, Path source) throws IOException {
        assertThat(Files.readAllBytes(shipped)).as("%s equals %s", shipped, source)
                .isEqualTo(Files.readAllBytes(source));
    }
}
