package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Run;

class ReloadCommandTest extends FakeAdminCommandTest {
    /** The answer of docs/api.md's example: one camera added, one removed, a port waiting for a restart. */
    private static final String APPLIED = "{\"applied\":[\"camera gate: added\",\"camera yard: removed\"],"
            + "\"needsRestart\":[\"rtsp.port\"]}";

    private Run reload(String user, String... args) {
        return FakeAdminServer.run(new ReloadCommand(env(user)), args);
    }

    @Test
    void postsWithoutABodyAndPrintsWhatWasAppliedAndWhatNeedsARestart() {
        server.on("POST", "/api/v1/reload", 200, APPLIED);
        Run run = reload(FakeAdminServer.ADMIN);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().method()).isEqualTo("POST");
        assertThat(server.only().path()).isEqualTo("/api/v1/reload");
        assertThat(server.only().body()).isNull();
        assertThat(run.out().lines()).containsExactly("reloaded:", "  camera gate: added", "  camera yard: removed",
                "needs a restart to take effect:", "  rtsp.port");
        assertThat(run.all()).doesNotContain(FakeAdminServer.PASSWORD);
    }

    @Test
    void nothingChangedSaysSo() {
        server.on("POST", "/api/v1/reload", 200, "{\"applied\":[],\"needsRestart\":[]}");
        Run run = reload(FakeAdminServer.ADMIN);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("reloaded: no camera changed");
    }

    @Test
    void jsonPrintsTheServersAnswer() throws IOException {
        server.on("POST", "/api/v1/reload", 200, APPLIED);
        Run run = reload(FakeAdminServer.ADMIN, "--json");
        assertThat(run.exitCode()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(run.out())).isEqualTo(json.readTree(APPLIED));
    }

    @Test
    void badFileExitsOneWithTheServersLineAndKey() {
        server.on("POST", "/api/v1/reload", 400, FakeAdminServer.errorJson("bad_request",
                "/etc/nvr/nvr.yaml:12: unknown key 'cameras[1].urll'"));
        Run run = reload(FakeAdminServer.ADMIN);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("/etc/nvr/nvr.yaml:12: unknown key 'cameras[1].urll'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void viewerIsRefusedWithTheAuthExitCode() {
        server.on("POST", "/api/v1/reload", 200, APPLIED);
        Run run = reload(FakeAdminServer.VIEWER);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(run.err()).contains("admin");
    }
}
