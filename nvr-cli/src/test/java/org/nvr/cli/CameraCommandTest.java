package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.cli.FakeAdminServer.ADMIN;
import static org.nvr.cli.FakeAdminServer.OPERATOR;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Request;
import org.nvr.cli.FakeAdminServer.Run;

/** {@code nvr camera time|config} against {@link FakeAdminServer}. */
class CameraCommandTest extends FakeAdminCommandTest {
    /** A Hikvision-like camera 3.2 s ahead, on a manual clock. */
    private static final String WRONG_TIME = "{\"cameraUtc\":\"2026-11-24T10:15:03Z\",\"offsetMillis\":3212,"
            + "\"ntp\":false,\"wrongClock\":true,\"timeZone\":\"CET-1CEST,M3.5.0,M10.5.0/3\"}";
    private static final String GOOD_TIME = "{\"cameraUtc\":\"2026-11-24T10:15:00Z\",\"offsetMillis\":-40,"
            + "\"ntp\":true,\"wrongClock\":false}";
    /** Two encoder configurations, Media2 style (the second without rate control, as Dahua-like firmware). */
    private static final String CONFIGS = "{\"configurations\":["
            + "{\"token\":\"VideoEncoderToken_1\",\"name\":\"main\",\"encoding\":\"H264\",\"resolution\":{\"width\":"
            + "2560,\"height\":1440},\"frameRateLimitFps\":25.0,\"bitrateLimitKbps\":4096,\"govLength\":50,"
            + "\"profile\":\"Main\"},"
            + "{\"token\":\"VideoEncoderToken_2\",\"name\":\"sub\",\"encoding\":\"H265\",\"resolution\":{\"width\":"
            + "640,\"height\":360}}]}";

    private Run camera(String user, String... args) {
        return FakeAdminServer.run(new CameraCommand(env(user)), args);
    }

    @Test
    void timeShowsOffsetAndWrongClock() {
        server.on("GET", "/api/v1/cameras/gate/time", 200, WRONG_TIME);
        Run run = camera(OPERATOR, "time", "gate");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().method()).isEqualTo("GET");
        assertThat(run.out()).contains("camera UTC  2026-11-24T10:15:03Z",
                "offset      +3212 ms (camera ahead of the NVR)", "source      manual",
                "time zone   CET-1CEST,M3.5.0,M10.5.0/3", "WRONG CLOCK");
    }

    @Test
    void timeWithinToleranceHasNoFlag() {
        server.on("GET", "/api/v1/cameras/gate/time", 200, GOOD_TIME);
        Run run = camera(OPERATOR, "time", "gate");
        assertThat(run.out()).contains("-40 ms (camera behind the NVR)", "source      NTP")
                .doesNotContain("WRONG CLOCK");
    }

    @Test
    void setTimePostsTheMode() {
        server.on("POST", "/api/v1/cameras/gate/time", 200, GOOD_TIME);
        Run run = camera(ADMIN, "time", "gate", "--set", "NTP");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().body().toString()).isEqualTo("{\"mode\":\"ntp\"}");
        assertThat(run.out()).contains("set the clock of gate to NTP", "-40 ms");
        assertThat(camera(ADMIN, "time", "gate", "--set", "gps").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void operatorMayReadButNotSetTheClock() {
        Run run = camera(OPERATOR, "time", "gate", "--set", "manual");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
    }

    @Test
    void configTableAndJson() throws IOException {
        server.on("GET", "/api/v1/cameras/gate/config", 200, CONFIGS);
        Run run = camera(OPERATOR, "config", "gate");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "TOKEN                NAME  ENCODING  RESOLUTION  FPS   KBIT/S  GOP  PROFILE",
                "VideoEncoderToken_1  main  H264      2560x1440   25.0  4096    50   Main",
                "VideoEncoderToken_2  sub   H265      640x360     -     -       -    -", ""));
        Run one = camera(OPERATOR, "config", "gate", "--profile", "VideoEncoderToken_2");
        assertThat(one.out()).contains("VideoEncoderToken_2").doesNotContain("VideoEncoderToken_1");
        Run json = camera(OPERATOR, "config", "gate", "--json");
        assertThat(new ObjectMapper().readTree(json.out())).isEqualTo(new ObjectMapper().readTree(CONFIGS));
        assertThat(server.requests).extracting(Request::method).containsOnly("GET");
    }

    @Test
    void configChangePutsOnlyTheGivenFields() {
        server.on("PUT", "/api/v1/cameras/gate/config", 200, CONFIGS);
        Run run = camera(ADMIN, "config", "gate", "--profile", "VideoEncoderToken_1", "--width", "1920",
                "--height", "1080", "--fps", "15", "--bitrate", "2048", "--gop", "30", "--encoding", "h.265");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Request request = server.only();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body().toString()).isEqualTo("{\"token\":\"VideoEncoderToken_1\",\"resolution\":"
                + "{\"width\":1920,\"height\":1080},\"encoding\":\"H265\",\"frameRateLimitFps\":15.0,"
                + "\"bitrateLimitKbps\":2048,\"govLength\":30}");
        assertThat(run.out()).contains("changed encoder configuration VideoEncoderToken_1 of gate");

        server.requests.clear();
        assertThat(camera(ADMIN, "config", "gate", "--profile", "VideoEncoderToken_1", "--gop", "60").exitCode())
                .isZero();
        assertThat(server.only().body().toString()).isEqualTo("{\"token\":\"VideoEncoderToken_1\",\"govLength\":60}");
    }

    @Test
    void configChangeIsCheckedBeforeAnyRequest() {
        assertThat(camera(ADMIN, "config", "gate", "--gop", "30").err()).contains("--profile TOKEN");
        assertThat(camera(ADMIN, "config", "gate", "--profile", "t", "--width", "1920").err())
                .contains("--width and --height go together");
        assertThat(camera(ADMIN, "config", "gate", "--profile", "t", "--fps", "0").err()).contains("'--fps'");
        assertThat(camera(ADMIN, "config", "gate", "--profile", "t", "--bitrate", "0").err()).contains("'--bitrate'");
        assertThat(camera(ADMIN, "config", "gate", "--profile", "t", "--gop", "10001").err()).contains("'--gop'");
        assertThat(camera(ADMIN, "config", "gate", "--profile", "t", "--width", "0", "--height", "5").err())
                .contains("'--width'");
        for (String[] args : new String[][] {
            {"config", "gate", "--gop", "30"},
            {"config", "gate", "--profile", "t", "--encoding", "MJPEG"},
            {"config", "gate", "--profile", "t", "--fps", "fast"},
            {"config", "gate", "--profile", "t", "--bitrate", "-5"}}) {
            assertThat(camera(ADMIN, args).exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void cameraWithoutOnvifIsAConflict() {
        server.on("GET", "/api/v1/cameras/gate/config", 409, FakeAdminServer.errorJson("conflict",
                "camera 'gate' was added by RTSP URL: no ONVIF device to configure"));
        Run run = camera(OPERATOR, "config", "gate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("no ONVIF device to configure (conflict)");
    }
}
