package org.nvr.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the external peers (ffmpeg, ffprobe) that tests check the demo camera against. */
final class Tools {

    private static final long TIMEOUT_SECONDS = 30;

    private Tools() {
    }

    /** Skips the test when {@code tool} is not installed, except under CI, where it fails instead. */
    static void assumeOrRequireInCi(String tool) {
        boolean present = onPath(tool);
        boolean ci = System.getenv("CI") != null;
        Assumptions.assumeTrue(present || ci, tool + " is not installed");
        if (!present) {
            fail(tool + " is required under CI but is not installed");
        }
    }

    /** Runs a command with a timeout; returns stdout and stderr together; fails on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("nvr-tool", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(command.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s exit code, output: %s", command, text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
