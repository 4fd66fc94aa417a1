package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.cli.FakeAdminServer.OPERATOR;
import static org.nvr.cli.FakeAdminServer.VIEWER;

import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Request;
import org.nvr.cli.FakeAdminServer.Run;

/** {@code nvr ptz CAMERA ...} against {@link FakeAdminServer}, as an operator (PTZ needs that role). */
class PtzCommandTest extends FakeAdminCommandTest {
    private Run ptzAs(String user, String... args) {
        return FakeAdminServer.run(new PtzCommand(env(user)), args);
    }

    private Run ptz(String... args) {
        return ptzAs(OPERATOR, args);
    }

    @Test
    void movePostsSpeedsAndTimeout() {
        server.on("POST", "/api/v1/cameras/dome/ptz/move", 204, "");
        Run run = ptz("dome", "move", "--pan", "0.5", "--tilt", "-1", "--duration", "1500ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Request request = server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).isEqualTo("application/json");
        // Unset speeds are 0; the duration in the field's unit (docs/api.md: timeoutMillis).
        assertThat(request.body().toString())
                .isEqualTo("{\"pan\":0.5,\"tilt\":-1.0,\"zoom\":0.0,\"timeoutMillis\":1500}");
        assertThat(run.out()).contains("moving dome");
    }

    @Test
    void moveDefaultsToOneSecond() {
        server.on("POST", "/api/v1/cameras/dome/ptz/move", 204, "");
        assertThat(ptz("dome", "move", "--zoom", "1").exitCode()).isZero();
        assertThat(server.only().body().path("timeoutMillis").asLong()).isEqualTo(1000);
    }

    @Test
    void speedsOutsideMinusOneToOneAreUsageErrorsBeforeAnyRequest() {
        Run run = ptz("dome", "move", "--pan", "1.5");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'--pan' must be between -1 and 1: 1.5");
        assertThat(ptz("dome", "move", "--tilt", "-1.01").err()).contains("'--tilt'");
        assertThat(ptz("dome", "move", "--zoom", "NaN").err()).contains("'--zoom'");
        assertThat(ptz("dome", "move", "--zoom", "fast").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ptz("dome", "move", "--duration", "0s").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ptz("dome", "move", "--duration", "2h").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ptz("dome", "move", "--duration", "5m").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ptz("Dome!", "stop").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void stopAndGotoAndSave() {
        server.on("POST", "/api/v1/cameras/dome/ptz/stop", 204, "");
        server.on("POST", "/api/v1/cameras/dome/ptz/goto", 204, "");
        server.on("POST", "/api/v1/cameras/dome/ptz/presets", 201, "{\"token\":\"7\",\"name\":\"gate\"}");
        assertThat(ptz("dome", "stop").out()).contains("stopped dome");
        assertThat(ptz("dome", "goto", "1").exitCode()).isZero();
        Run save = ptz("dome", "save", "gate");
        assertThat(save.out()).contains("saved preset gate (token 7) on dome");
        assertThat(server.requests).extracting(Request::path).containsExactly("/api/v1/cameras/dome/ptz/stop",
                "/api/v1/cameras/dome/ptz/goto", "/api/v1/cameras/dome/ptz/presets");
        assertThat(server.requests.get(0).body()).isNull();
        assertThat(server.requests.get(1).body().toString()).isEqualTo("{\"preset\":\"1\"}");
        assertThat(server.requests.get(2).body().toString()).isEqualTo("{\"name\":\"gate\"}");
    }

    @Test
    void presetsTable() {
        server.on("GET", "/api/v1/cameras/dome/ptz/presets", 200,
                "{\"presets\":[{\"token\":\"1\",\"name\":\"gate\"},{\"token\":\"preset-22\",\"name\":\"car park\"}]}");
        Run run = ptz("dome", "presets");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(), "TOKEN      NAME", "1          gate",
                "preset-22  car park", ""));
    }

    @Test
    void removePresetEncodesTheTokenAsOnePathSegment() {
        server.on("DELETE", "/api/v1/cameras/dome/ptz/presets/a%2Fb%20c", 204, "");
        server.on("DELETE", "/api/v1/cameras/dome/ptz/presets/%2E%2E", 204, "");
        assertThat(ptz("dome", "remove-preset", "a/b c").exitCode()).isZero();
        assertThat(ptz("dome", "remove-preset", "..").exitCode()).isZero();
        assertThat(server.requests).extracting(Request::method).containsOnly("DELETE");
        assertThat(ptz("dome", "remove-preset", "x".repeat(65)).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void cameraErrorsAreFailuresWithTheServersMessage() {
        server.on("POST", "/api/v1/cameras/dome/ptz/goto", 502, FakeAdminServer.errorJson("bad_gateway",
                "the camera answered: ter:NoEntity"));
        server.on("POST", "/api/v1/cameras/dome/ptz/stop", 504, FakeAdminServer.errorJson("gateway_timeout",
                "the camera did not answer within 5 s"));
        Run bad = ptz("dome", "goto", "9");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(bad.err()).contains("error: the camera answered: ter:NoEntity (bad_gateway)");
        Run slow = ptz("dome", "stop");
        assertThat(slow.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(slow.err()).contains("(gateway_timeout)");
    }

    @Test
    void viewerMayNotMove() {
        Run run = ptzAs(VIEWER, "dome", "stop");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(run.err()).contains("(forbidden)");
    }
}
