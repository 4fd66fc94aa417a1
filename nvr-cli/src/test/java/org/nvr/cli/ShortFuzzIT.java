package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nvr.core.testing.ReliabilityReport;

/**
 * Short real fuzzing of every parser of outside bytes, inside {@code mvn -B verify} (issue #12: "short runs in CI,
 * long runs by script"; docs/reliability.md, "Fuzzing"). Regression mode (each {@code @FuzzTest} on its seeds and
 * past findings) runs in each module's unit tests; here Jazzer's own driver fuzzes each target for
 * {@code nvr.fuzz.seconds} (default {@value #DEFAULT_SECONDS}) in a child JVM, as {@code bench/fuzz.sh} does for
 * long runs, and any crash, timeout or out-of-memory input fails the build with its stack trace.
 *
 * <p>The targets are found in the source tree ({@code nvr-* /src/test/java/** /fuzz/*FuzzTest.java}), so a new one
 * is fuzzed here without being listed. Their classes come from the modules' test-jars on this module's test
 * classpath; the child JVM gets that classpath.
 */
class ShortFuzzIT {
    static final int DEFAULT_SECONDS = 10;
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    static Stream<String> targets() throws IOException {
        List<String> classes;
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            classes = files.filter(f -> f.getFileName().toString().endsWith("FuzzTest.java"))
                    .filter(f -> f.getParent().getFileName().toString().equals("fuzz"))
                    .filter(f -> ROOT.relativize(f).toString().matches("nvr-[a-z]+/src/test/java/.*"))
                    .map(f -> {
                        String relative = ROOT.relativize(f).toString();
                        String source = relative.substring(relative.indexOf("src/test/java/") + 14);
                        return relative.substring(0, relative.indexOf('/')) + ":"
                                + source.substring(0, source.length() - 5).replace('/', '.');
                    })
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertThat(classes).as("fuzz targets under %s", ROOT).hasSizeGreaterThanOrEqualTo(13);
        return classes.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void fuzzingFindsNothing(String target, @TempDir Path work) throws Exception {
        String module = target.substring(0, target.indexOf(':'));
        String className = target.substring(target.indexOf(':') + 1);
        Class<?> testClass = Class.forName(className);
        String method = Arrays.stream(testClass.getDeclaredMethods())
                .filter(m -> Arrays.stream(m.getAnnotations())
                        .anyMatch(a -> a.annotationType().getSimpleName().equals("FuzzTest")))
                .map(Method::getName)
                .findFirst()
                .orElseThrow(() -> new AssertionError(className + " has no @FuzzTest method"));
        int seconds = Integer.getInteger("nvr.fuzz.seconds", DEFAULT_SECONDS);
        Path seeds = ROOT.resolve(module).resolve("src/test/resources")
                .resolve(testClass.getPackageName().replace('.', '/'))
                .resolve(testClass.getSimpleName() + "Inputs");
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        Path findings = Files.createDirectories(work.resolve("findings"));
        Path log = work.resolve("jazzer.log");
        // The parsers log what they reject; a million rejected inputs must not fill the disk or this JVM's heap.
        // The contracts are checked by the fuzz tests' assertions, not by the logs.
        Path quietLogging = Files.writeString(work.resolve("logback.xml"),
                "<configuration><root level=\"OFF\"/></configuration>");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                // Paranoid leak detection records a stack trace per buffer access; the fuzz tests count every
                // allocated byte themselves.
                "-Dio.netty.leakDetection.level=simple",
                "-Dlogback.configurationFile=" + quietLogging,
                "-cp", System.getProperty("java.class.path"),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + className, "--target_method=" + method,
                "-max_total_time=" + seconds, "-timeout=10", "-artifact_prefix=" + findings + "/",
                corpus.toString(), seeds.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = process.waitFor(seconds + 120L, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String tail = tail(log, 8192);
        try (Stream<Path> found = Files.list(findings)) {
            assertThat(found.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("crash-") || n.startsWith("timeout-") || n.startsWith("oom-")))
                    .as("inputs Jazzer saved for %s; its output ends:%n%s", className, tail).isEmpty();
        }
        assertThat(exited).as("Jazzer on %s ended within %d s", className, seconds + 120).isTrue();
        assertThat(process.exitValue()).as("Jazzer's exit status on %s; its output ends:%n%s", className, tail)
                .isZero();
        // The driver really fuzzed: libFuzzer's summary line counts the runs.
        Matcher done = Pattern.compile("Done (\\d+) runs in (\\d+) second").matcher(tail);
        assertThat(done.find()).as("libFuzzer's summary for %s in:%n%s", className, tail).isTrue();
        ReliabilityReport.row("fuzzed input: " + testClass.getSimpleName(), "Jazzer (libFuzzer) for " + done.group(2)
                        + " s from the seeds in " + testClass.getSimpleName() + "Inputs", Long.parseLong(done.group(1)),
                "the parser's contract (docs/reliability.md, Fuzzing): only its own exceptions, bounded allocation,"
                        + " no leaked buffer", "0 (parser only)", "pass");
    }

    /** The last {@code bytes} of the file: libFuzzer's summary and any stack trace are at its end. */
    private static String tail(Path file, int bytes) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - bytes);
            byte[] buffer = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        }
    }
}
