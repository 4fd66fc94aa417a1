package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.nvr.cli.FakeAdminServer.ADMIN;
import static org.nvr.cli.FakeAdminServer.PASSWORD;
import static org.nvr.cli.FakeAdminServer.VIEWER;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Request;
import org.nvr.cli.FakeAdminServer.Run;

/** {@code nvr cameras ...} against {@link FakeAdminServer}. */
class CamerasCommandTest extends FakeAdminCommandTest {
    /** The camera of docs/api.md ("A camera"), with a second stream that is reconnecting. */
    static final String TOWN_SQUARE = "{\"id\":\"town-square\",\"enabled\":true,\"source\":\"onvif\","
            + "\"onvifUrl\":\"http://192.0.2.10/onvif/device_service\",\"transport\":\"tcp\",\"streams\":["
            + "{\"name\":\"main\",\"url\":\"rtsp://192.0.2.10/Streaming/Channels/101\",\"state\":\"STREAMING\","
            + "\"frames\":1234,\"lastFrameAgeMillis\":40,\"reconnects\":0,\"clockSource\":\"RTCP_SR\"},"
            + "{\"name\":\"sub\",\"url\":\"rtsp://192.0.2.10/Streaming/Channels/102\",\"state\":\"RECONNECTING\","
            + "\"frames\":17,\"lastFrameAgeMillis\":9000,\"reconnects\":3,\"clockSource\":\"LOCAL\"}]}";
    static final String GATE = "{\"id\":\"gate\",\"enabled\":false,\"source\":\"rtsp\",\"transport\":\"udp\","
            + "\"streams\":[]}";
    private static final String CAMERA_PASSWORD = "camera secret 42";

    private Map<String, String> admin() {
        Map<String, String> variables = new HashMap<>();
        variables.put("NVR_SERVER", server.url());
        variables.put("NVR_USER", ADMIN);
        variables.put("NVR_PASSWORD", PASSWORD);
        variables.put("NVR_CAMERA_PASSWORD", CAMERA_PASSWORD);
        return variables;
    }

    private Run cameras(Map<String, String> variables, String... args) {
        return FakeAdminServer.run(new CamerasCommand(env(variables)), args);
    }

    @Test
    void listPrintsOneAlignedRowPerCamera() {
        server.on("GET", "/api/v1/cameras", 200, "{\"cameras\":[" + TOWN_SQUARE + "," + GATE + "]}");
        Run run = cameras(admin(), "list");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().method()).isEqualTo("GET");
        assertThat(server.only().path()).isEqualTo("/api/v1/cameras");
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "ID           ENABLED  SOURCE  STREAMS   STATE                   FPS/FRAMES   RECONNECTS",
                "town-square  yes      onvif   main,sub  STREAMING,RECONNECTING  -/1234,-/17  3",
                "gate         no       rtsp    -         -                       -            -", ""));
    }

    @Test
    void listWithJsonPrintsTheServersJsonPretty() throws IOException {
        String answer = "{\"cameras\":[" + TOWN_SQUARE + "]}";
        server.on("GET", "/api/v1/cameras", 200, answer);
        Run run = cameras(admin(), "list", "--json");
        assertThat(run.exitCode()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(run.out())).isEqualTo(mapper.readTree(answer));
        assertThat(run.out()).contains("\n  \"cameras\" : [");
    }

    @Test
    void getPrintsTheCameraAndItsStreams() {
        server.on("GET", "/api/v1/cameras/town-square", 200, TOWN_SQUARE);
        Run run = cameras(admin(), "get", "town-square");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("source     onvif", "onvif      http://192.0.2.10/onvif/device_service",
                "STREAM  STATE         FRAMES  LAST FRAME   RECONNECTS  CLOCK    URL",
                "main    STREAMING     1234    40 ms ago    0           RTCP_SR  "
                        + "rtsp://192.0.2.10/Streaming/Channels/101",
                "sub     RECONNECTING  17      9000 ms ago  3           LOCAL    "
                        + "rtsp://192.0.2.10/Streaming/Channels/102");
    }

    @Test
    void addByRtspUrlPostsTheFieldsOfTheSpecWithTheCameraPasswordFromTheEnvironment() {
        server.on("POST", "/api/v1/cameras", 201, GATE);
        Run run = cameras(admin(), "add", "gate", "--url", "rtsp://192.0.2.20/stream1", "--username", "nvr",
                "--transport", "UDP");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Request request = server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/cameras");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body().toString()).isEqualTo("{\"id\":\"gate\",\"url\":\"rtsp://192.0.2.20/stream1\","
                + "\"username\":\"nvr\",\"password\":\"" + CAMERA_PASSWORD + "\",\"transport\":\"udp\"}");
        assertThat(run.out()).contains("added camera gate");
        assertThat(run.all()).doesNotContain(CAMERA_PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    void addWithoutUsernameSendsNoCredentials() {
        server.on("POST", "/api/v1/cameras", 201, GATE);
        Map<String, String> variables = admin();
        variables.remove("NVR_CAMERA_PASSWORD");
        Run run = cameras(variables, "add", "gate", "--url", "rtsp://192.0.2.20/stream1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().body().toString())
                .isEqualTo("{\"id\":\"gate\",\"url\":\"rtsp://192.0.2.20/stream1\"}");
    }

    @Test
    void addByOnvifNestsTheDeviceAddressAndCredentials() {
        server.on("POST", "/api/v1/cameras", 201, TOWN_SQUARE);
        Run run = cameras(admin(), "add", "town-square", "--onvif", "http://192.0.2.10/onvif/device_service",
                "--username", "nvr", "--transport", "tcp");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().body().toString()).isEqualTo("{\"id\":\"town-square\",\"onvif\":{\"url\":"
                + "\"http://192.0.2.10/onvif/device_service\",\"username\":\"nvr\",\"password\":\"" + CAMERA_PASSWORD
                + "\"},\"transport\":\"tcp\"}");
        // The answer (the new camera) is shown.
        assertThat(run.out()).contains("STREAMING");
    }

    @Test
    void addRefusesBadInputBeforeAnyRequest() {
        assertThat(cameras(admin(), "add", "gate", "--onvif", "http://192.0.2.10/onvif/device_service").err())
                .contains("--onvif needs --username");
        assertThat(cameras(admin(), "add", "gate", "--url", "rtsp://admin:hunter2@192.0.2.20/stream1").err())
                .contains("must not contain credentials").doesNotContain("hunter2");
        assertThat(cameras(admin(), "add", "gate", "--url", "http://192.0.2.20/stream1").err())
                .contains("'--url' must be a rtsp or rtsps URL");
        assertThat(cameras(admin(), "add", "Gate!", "--url", "rtsp://192.0.2.20/s").err()).contains("not a camera id");
        for (String[] args : new String[][] {
            {"add", "gate", "--onvif", "http://192.0.2.10/onvif", "--username", "nvr", "--url", "rtsp://192.0.2.10/"},
            {"add", "gate"},
            {"add", "gate", "--url", "rtsp://192.0.2.20/s", "--transport", "sctp"},
            {"add", "gate", "--onvif", "ftp://192.0.2.10/", "--username", "nvr"},
            {"add", "gate", "--url", "rtsp://admin:hunter2@192.0.2.20/stream1"},
            {"add", "gate", "--url", "rtsp://192.0.2.20/s", "--password", "x"}}) {
            assertThat(cameras(admin(), args).exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void addWithUsernameButNoCameraPasswordAndNoConsoleIsAUsageError() {
        Map<String, String> variables = admin();
        variables.remove("NVR_CAMERA_PASSWORD");
        Run run = cameras(variables, "add", "gate", "--url", "rtsp://192.0.2.20/s", "--username", "nvr");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no password: set NVR_CAMERA_PASSWORD");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void serverValidationErrorNamesTheField() {
        server.on("POST", "/api/v1/cameras", 400, FakeAdminServer.errorJson("bad_request",
                "'onvif.url': must be http or https"));
        Run run = cameras(admin(), "add", "gate", "--onvif", "https://192.0.2.10/onvif/device_service",
                "--username", "nvr");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).isEqualTo("error: 'onvif.url': must be http or https (bad_request)"
                + System.lineSeparator());
    }

    @Test
    void existingCameraIsAConflict() {
        server.on("POST", "/api/v1/cameras", 409, FakeAdminServer.errorJson("conflict", "camera 'gate' exists"));
        Run run = cameras(admin(), "add", "gate", "--url", "rtsp://192.0.2.20/s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("error: camera 'gate' exists (conflict)");
    }

    @Test
    void updatePutsOnlyTheGivenFieldsWithTheCameraPasswordFromTheEnvironment() {
        server.on("PUT", "/api/v1/cameras/gate", 200, GATE);
        Run run = cameras(admin(), "update", "gate", "--url", "rtsp://192.0.2.21/stream2", "--username", "nvr",
                "--change-password", "--transport", "AUTO");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Request request = server.only();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/api/v1/cameras/gate");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body().toString()).isEqualTo("{\"url\":\"rtsp://192.0.2.21/stream2\","
                + "\"username\":\"nvr\",\"password\":\"" + CAMERA_PASSWORD + "\",\"transport\":\"auto\"}");
        assertThat(run.out()).contains("updated camera gate");
        assertThat(run.all()).doesNotContain(CAMERA_PASSWORD).doesNotContain(PASSWORD);

        Map<String, String> variables = admin();
        variables.remove("NVR_CAMERA_PASSWORD");
        Run transportOnly = cameras(variables, "update", "gate", "--transport", "udp");
        assertThat(transportOnly.exitCode()).as(transportOnly.err()).isZero();
        assertThat(server.requests.get(1).body().toString()).isEqualTo("{\"transport\":\"udp\"}");
    }

    @Test
    void updateRefusesBadInputBeforeAnyRequest() {
        assertThat(cameras(admin(), "update", "gate").err()).contains("nothing to change");
        assertThat(cameras(admin(), "update", "gate", "--url", "rtsp://admin:hunter2@192.0.2.20/s").err())
                .contains("must not contain credentials").doesNotContain("hunter2");
        assertThat(cameras(admin(), "update", "Gate!", "--transport", "tcp").err()).contains("not a camera id");
        assertThat(cameras(admin(), "update", "gate", "--transport", "sctp").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cameras(admin(), "update", "gate", "--password", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
        Map<String, String> variables = admin();
        variables.remove("NVR_CAMERA_PASSWORD");
        Run noPassword = cameras(variables, "update", "gate", "--change-password");
        assertThat(noPassword.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPassword.err()).contains("no password: set NVR_CAMERA_PASSWORD");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void updateOfAConfigCameraShowsTheConflict() {
        server.on("PUT", "/api/v1/cameras/demo", 409, FakeAdminServer.errorJson("conflict",
                "camera 'demo' is configured in nvr.yaml; change it there"));
        Run run = cameras(admin(), "update", "demo", "--transport", "udp");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("error: camera 'demo' is configured in nvr.yaml; change it there (conflict)");
    }

    @Test
    void removeWithoutConsoleNeedsYes() {
        Run run = cameras(admin(), "remove", "gate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--yes");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void removeKeepsFootageUnlessAsked() {
        server.on("DELETE", "/api/v1/cameras/gate", 204, "");
        Run keep = cameras(admin(), "remove", "gate", "--yes");
        assertThat(keep.exitCode()).as(keep.err()).isZero();
        assertThat(keep.out()).contains("removed camera gate (footage kept)");
        Run delete = cameras(admin(), "remove", "gate", "-y", "--delete-footage");
        assertThat(delete.exitCode()).as(delete.err()).isZero();
        assertThat(server.requests).extracting(Request::method, Request::path, Request::query).containsExactly(
                tuple("DELETE", "/api/v1/cameras/gate", "footage=keep"),
                tuple("DELETE", "/api/v1/cameras/gate", "footage=delete"));
    }

    @Test
    void enableAndDisablePostToTheirRoutes() {
        server.on("POST", "/api/v1/cameras/gate/enable", 204, "");
        server.on("POST", "/api/v1/cameras/gate/disable", 204, "");
        assertThat(cameras(admin(), "enable", "gate").out()).contains("enabled camera gate");
        assertThat(cameras(admin(), "disable", "gate").out()).contains("disabled camera gate");
        assertThat(server.requests).extracting(Request::method, Request::path, Request::body).containsExactly(
                tuple("POST", "/api/v1/cameras/gate/enable", null),
                tuple("POST", "/api/v1/cameras/gate/disable", null));
    }

    @Test
    void unknownCameraIsNotFound() {
        server.on("GET", "/api/v1/cameras/nope", 404, FakeAdminServer.errorJson("not_found", "no camera 'nope'"));
        Run run = cameras(admin(), "get", "nope");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).contains("error: no camera 'nope' (not_found)");
    }

    @Test
    void wrongPasswordIsAnAuthFailureAndNeverPrinted() {
        Map<String, String> variables = admin();
        variables.put("NVR_PASSWORD", "wrong password 7");
        Run run = cameras(variables, "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(run.err()).contains("(unauthenticated)").doesNotContain("wrong password 7");
    }

    @Test
    void viewerMayListButNotAdd() {
        server.on("GET", "/api/v1/cameras", 200, "[]");
        Map<String, String> variables = admin();
        variables.put("NVR_USER", VIEWER);
        assertThat(cameras(variables, "list").exitCode()).isZero();
        Run run = cameras(variables, "add", "gate", "--url", "rtsp://192.0.2.20/s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(run.err()).contains("error: needs the admin role (forbidden)");
    }

    @Test
    void nothingListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> variables = admin();
        variables.put("NVR_SERVER", "http://127.0.0.1:" + port);
        Run run = cameras(variables, "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the NVR at http://127.0.0.1:" + port);
    }

    @Test
    void serverAndUserComeFromFlagThenEnvironmentThenCliYaml() throws IOException {
        server.on("GET", "/api/v1/cameras", 200, "[]");
        try (FakeAdminServer other = new FakeAdminServer(); FakeAdminServer third = new FakeAdminServer()) {
            other.on("GET", "/api/v1/cameras", 200, "[]");
            third.on("GET", "/api/v1/cameras", 200, "[]");
            Files.writeString(dir.resolve("cli.yaml"), "server: " + third.url() + "\nuser: " + ADMIN + "\n");
            Map<String, String> onlyPassword = new HashMap<>(Map.of("NVR_PASSWORD", PASSWORD));

            assertThat(cameras(onlyPassword, "list").exitCode()).isZero();
            assertThat(third.requests).hasSize(1);

            Map<String, String> withEnv = new HashMap<>(onlyPassword);
            withEnv.put("NVR_SERVER", other.url());
            assertThat(cameras(withEnv, "list").exitCode()).isZero();
            assertThat(other.requests).hasSize(1);

            assertThat(cameras(withEnv, "list", "--server", server.url()).exitCode()).isZero();
            assertThat(server.requests).hasSize(1);
            assertThat(third.requests).hasSize(1);
            assertThat(other.requests).hasSize(1);

            // The user too: NVR_USER over cli.yaml, --user over NVR_USER (mallory is no user; bob is a viewer).
            withEnv.put("NVR_USER", "mallory");
            assertThat(cameras(withEnv, "list").exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
            assertThat(cameras(withEnv, "list", "--user", VIEWER).exitCode()).isZero();
        }
    }

    @Test
    void passwordInCliYamlIsRefused() throws IOException {
        Files.writeString(dir.resolve("cli.yaml"), "server: " + server.url() + "\npassword: " + PASSWORD + "\n");
        Map<String, String> variables = new HashMap<>(Map.of("NVR_PASSWORD", PASSWORD, "NVR_USER", ADMIN));
        Run run = cameras(variables, "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'password' in").doesNotContain(PASSWORD);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void noUserAnywhereIsAUsageError() {
        Run run = cameras(Map.of("NVR_PASSWORD", PASSWORD, "NVR_SERVER", server.url()), "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no user");
    }

    @Test
    void noPasswordAndNoConsoleIsAUsageError() {
        Map<String, String> variables = admin();
        variables.remove("NVR_PASSWORD");
        Run run = cameras(variables, "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no password: set NVR_PASSWORD");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(cameras(admin()).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cameras(admin(), "frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theAdminCommandsAreRegisteredUnderNvr() {
        for (String[] args : new String[][] {{"cameras", "add", "--help"}, {"discover", "--help"},
            {"ptz", "dome", "move", "--help"}, {"camera", "config", "--help"}, {"status", "--help"}}) {
            Run run = FakeAdminServer.run(new Main(), args);
            assertThat(run.exitCode()).as(String.join(" ", args) + run.err()).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: nvr " + args[0]);
        }
    }
}
