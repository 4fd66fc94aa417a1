package org.nvr.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;

/**
 * {@code config/nvr.service}: the hardening and restart policy the install guide promises, every setting explained,
 * and a unit that systemd itself accepts ({@code systemd-analyze verify}, and an exposure score from
 * {@code systemd-analyze security} that stays in systemd's "OK" band).
 */
class ServiceUnitTest {
    private static final Path UNIT = Path.of("..", "config", "nvr.service");
    private static final Path LAUNCHER = Path.of("src", "dist", "bin", "nvr");
    private static final String SERVICE = "Service";

    @TempDir
    Path dir;

    private static SystemdUnit unit() throws Exception {
        return SystemdUnit.parse(Files.readString(UNIT, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheLauncherAsTheDedicatedUserWithTheSystemConfig() throws Exception {
        SystemdUnit unit = unit();
        assertThat(unit.values(SERVICE, "User")).containsExactly("nvr");
        assertThat(unit.values(SERVICE, "Group")).containsExactly("nvr");
        assertThat(unit.values(SERVICE, "ExecStart"))
                .containsExactly("/opt/nvr/bin/nvr run --config /etc/nvr/nvr.yaml");
        assertThat(unit.values(SERVICE, "WorkingDirectory")).containsExactly("/var/lib/nvr");
        assertThat(unit.values(SERVICE, "StateDirectory")).containsExactly("nvr");
        assertThat(unit.values(SERVICE, "ReadWritePaths")).containsExactly("/var/lib/nvr");
        assertThat(unit.values(SERVICE, "LimitNOFILE")).containsExactly("65536");
        assertThat(unit.values("Install", "WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void javaOptsIsOneQuotedAssignment() throws Exception {
        // Unquoted, `Environment=JAVA_OPTS=-Xms256m -Xmx2g` would be two assignments, the second one invalid.
        List<String> environment = unit().values(SERVICE, "Environment");
        assertThat(environment).hasSize(1);
        assertThat(environment.get(0)).startsWith("\"JAVA_OPTS=-Xms256m -Xmx2g").endsWith("\"");
    }

    @Test
    void stopsWithSigtermWellWithinTheTimeoutAndRestartsOnlyOnFailure() throws Exception {
        SystemdUnit unit = unit();
        assertThat(unit.values(SERVICE, "KillSignal")).containsExactly("SIGTERM");
        assertThat(unit.values(SERVICE, "TimeoutStopSec")).containsExactly("20");
        assertThat(unit.values(SERVICE, "Restart")).containsExactly("on-failure");
        assertThat(unit.values(SERVICE, "RestartSec")).containsExactly("5");
        // `nvr run` handles SIGTERM and exits 0 (RunCommand): 143 must stay a failure, not be declared a success.
        assertThat(unit.values(SERVICE, "SuccessExitStatus")).isEmpty();
    }

    @Test
    void hardeningIsOnAndLeavesTheJitAlone() throws Exception {
        SystemdUnit unit = unit();
        for (String key : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
                "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups", "LockPersonality")) {
            assertThat(unit.values(SERVICE, key)).as(key).containsExactly("yes");
        }
        assertThat(unit.values(SERVICE, "ProtectSystem")).containsExactly("strict");
        assertThat(unit.values(SERVICE, "RestrictAddressFamilies"))
                .containsExactly("AF_INET AF_INET6 AF_UNIX AF_NETLINK");
        // The JVM's JIT maps memory writable and executable: this setting would kill it at start.
        assertThat(unit.values(SERVICE, "MemoryDenyWriteExecute")).isEmpty();
    }

    @Test
    void everyServiceSettingIsExplainedByTheCommentAboveIt() throws Exception {
        List<SystemdUnit.Line> lines = unit().lines();
        for (int i = 0; i < lines.size(); i++) {
            SystemdUnit.Line line = lines.get(i);
            if (line.key() != null && SERVICE.equals(line.section())) {
                SystemdUnit.Line above = lines.get(i - 1);
                // A group of related settings (User=, Group=) may share one comment.
                assertThat(above.key() != null || above.text().startsWith("#"))
                        .as("line %d (%s) has a comment above it", line.number(), line.text()).isTrue();
            }
        }
    }

    @Test
    void parserRejectsALineThatIsNotASetting() {
        assertThatThrownBy(() -> SystemdUnit.parse("[Service]\nUser nvr\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SystemdUnit.parse("User=nvr\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path unit = copyWithExecStartOnThisCheckout();
        ProcessRunner.Result verify = ProcessRunner.run(List.of("systemd-analyze", "verify", unit.toString()),
                Duration.ofSeconds(60));
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        // verify exits 0 even for unknown keys or an invalid Environment=: they are only printed.
        assertThat(verify.stderr()).as(verify.describe()).isEmpty();
    }

    @Test
    void exposureScoreStaysInSystemdsOkBand() throws Exception {
        Path unit = copyWithExecStartOnThisCheckout();
        // Scores are shown as 0.0-10.0 and compared as tenths: 40 is "4.0", below systemd's MEDIUM band (5.0).
        ProcessRunner.Result security = ProcessRunner.run(List.of("systemd-analyze", "security", "--offline=true",
                "--threshold=40", "--no-pager", unit.toString()), Duration.ofSeconds(60));
        assertThat(security.exitCode()).as(security.describe()).isZero();
        assertThat(security.stdout()).contains("Overall exposure level for nvr.service");
    }

    /**
     * verify checks that ExecStart's program exists, and /opt/nvr is not installed here: the copy runs the launcher
     * from this checkout instead; every other line is the shipped one.
     */
    private Path copyWithExecStartOnThisCheckout() throws Exception {
        // systemd-analyze is a peer like the others: .ci/run installs it (package systemd), so under CI=true a
        // missing one fails this test instead of skipping it.
        Peers.require("systemd-analyze", onPath("systemd-analyze"));
        String text = Files.readString(UNIT, StandardCharsets.UTF_8);
        String original = "ExecStart=/opt/nvr/bin/nvr ";
        assertThat(text).contains(original);
        Path copy = dir.resolve("nvr.service");
        Files.writeString(copy, text.replace(original, "ExecStart=" + LAUNCHER.toAbsolutePath() + " "),
                StandardCharsets.UTF_8);
        return copy;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }
}
