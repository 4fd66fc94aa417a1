package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    @Test
    void capturesExitCodeAndBothStreams() {
        ProcessRunner.Result result = ProcessRunner.run(
                List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void killsTheProcessTreeOnTimeout() {
        // The shell's child `sleep` must die too, or it would outlive the test.
        ProcessRunner.Result result = ProcessRunner.run(
                List.of("/bin/sh", "-c", "sleep 30 & echo $!; wait"), Duration.ofMillis(500));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
        long sleepPid = Long.parseLong(result.stdout().strip());
        assertThat(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void boundsCapturedOutput() {
        ProcessRunner.Result result = ProcessRunner.run(
                List.of("/bin/sh", "-c", "head -c 5000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(10), 1000);

        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.truncated()).isTrue();
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void rejectsEmptyCommandAndNonPositiveTimeout() {
        assertThatThrownBy(() -> ProcessRunner.run(List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessRunner.run(List.of("true"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
