package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.NvrServer;
import org.nvr.cli.api.TestNvr.Reply;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.core.demo.DemoCameraServer;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.model.Gap;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.slf4j.LoggerFactory;

/**
 * The camera API against a running NVR: cameras added by RTSP URL (pointing at the built-in demo camera) and by
 * ONVIF address (the in-process {@link FakeOnvifDevice} with Hikvision-like answers, its GetStreamUri pointing at
 * the demo camera), so that every added camera really records.
 */
class CameraApiIT {
    private static final String ADMIN = "admin1";
    private static final String VIEWER = "viewer1";
    /** The fake camera's password: must never appear in a response or a log line. */
    private static final String CAMERA_PASSWORD = "Cam3ra-S3cret!";

    @TempDir
    static Path dir;
    private static EventLoopGroup demoLoops;
    private static DemoCameraServer demo;
    private static TestNvr nvr;
    private static NvrServer server;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void setUp() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        demoLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        demo = new DemoCameraServer(DemoClip.generate(320, 180, 25, 50, 25), new InetSocketAddress("127.0.0.1", 0),
                demoLoops);
        demo.start();
        nvr = TestNvr.builder(dir.resolve("data")).user(ADMIN, Role.ADMIN).user(VIEWER, Role.VIEWER).start();
        server = nvr.server();
    }

    @AfterAll
    static void tearDown() {
        if (nvr != null) {
            nvr.close();
        }
        if (demo != null) {
            demo.close();
        }
        if (demoLoops != null) {
            demoLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static Reply call(String user, String method, String path, String body) throws Exception {
        return nvr.call(user, method, path, body);
    }

    private static Reply admin(String method, String path, String body) throws Exception {
        return call(ADMIN, method, path, body);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestNvr.await(what, Duration.ofSeconds(20), condition);
    }

    private static void awaitFrames(StreamKey key, long frames) throws InterruptedException {
        await(frames + " frames of " + key, () -> server.status(key).map(s -> s.frames() >= frames).orElse(false));
    }

    private static List<SegmentRow> segments(StreamKey key) {
        return server.index().segments(key, Instant.EPOCH, Instant.now().plusSeconds(3600));
    }

    private static String rtspBody(String id) {
        return "{\"id\":\"" + id + "\",\"url\":\"" + demo.url(id) + "\"}";
    }

    private static FakeOnvifDevice fakeCamera(String streamPath) throws Exception {
        FakeOnvifDevice fake = new FakeOnvifDevice("hikvision", "admin", CAMERA_PASSWORD.toCharArray());
        // GetStreamUri points at the demo camera, so that the camera added by ONVIF really streams.
        fake.override("GetStreamUri", FakeOnvifDevice.Raw.soap(200, ("<env:Envelope"
                + " xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:tt=\"http://www.onvif.org/ver10/schema\""
                + " xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\"><env:Body><trt:GetStreamUriResponse>"
                + "<trt:MediaUri><tt:Uri>" + demo.url(streamPath) + "</tt:Uri>"
                + "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
                + "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT60S</tt:Timeout>"
                + "</trt:MediaUri></trt:GetStreamUriResponse></env:Body></env:Envelope>")
                .getBytes(StandardCharsets.UTF_8)));
        return fake;
    }

    private static String onvifBody(String id, FakeOnvifDevice fake, String password) {
        return "{\"id\":\"" + id + "\",\"onvif\":{\"url\":\"" + fake.deviceUri() + "\",\"username\":\"admin\","
                + "\"password\":\"" + password + "\"}}";
    }

    private static AuditEntry lastAudit(String action) {
        return server.audit().recent(100).stream().filter(e -> e.action().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no audit row " + action));
    }

    @Test
    void badBodiesAreRefusedNamingTheField() throws Exception {
        assertThat(admin("POST", "/api/v1/cameras", "{}").message()).isEqualTo("'id': required");
        Reply notJson = admin("POST", "/api/v1/cameras", "{\"id\": \"x\", \"password\": \"pw-in-broken-json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.text()).doesNotContain("pw-in-broken-json");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"Bad Id\",\"url\":\"rtsp://h/\"}").message())
                .startsWith("'id': must match");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"x\",\"url\":\"rtsp://h/\",\"colour\":1}").message())
                .isEqualTo("'colour': unknown field");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"x\",\"url\":\"http://h/\"}").message())
                .startsWith("'url': must be rtsp://");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"x\",\"url\":\"rtsp://h/\",\"username\":\"u\"}")
                .message()).isEqualTo("'password': required with 'username'");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"x\",\"url\":\"rtsp://h/\",\"transport\":\"sctp\"}")
                .message()).isEqualTo("'transport': must be tcp, udp or auto");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"x\",\"onvif\":{\"url\":\"ftp://h\"}}").message())
                .isEqualTo("'onvif.url': must be http or https");
        assertThat(admin("POST", "/api/v1/cameras", "{\"id\":\"x\",\"onvif\":{\"url\":\"http://h\",\"port\":1}}")
                .message()).isEqualTo("'onvif.port': unknown field");
        Reply bad = admin("POST", "/api/v1/cameras", "{\"id\":\"x\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("bad_request");
        assertThat(call(VIEWER, "POST", "/api/v1/cameras", rtspBody("x")).status()).isEqualTo(403);
        assertThat(admin("GET", "/api/v1/cameras/x", null).status()).isEqualTo(404);
    }

    @Test
    void unknownCamerasAreNotFound() throws Exception {
        for (String[] route : new String[][] {{"GET", "/api/v1/cameras/nope"}, {"DELETE", "/api/v1/cameras/nope"},
                {"POST", "/api/v1/cameras/nope/enable"}, {"POST", "/api/v1/cameras/nope/disable"},
                {"GET", "/api/v1/cameras/nope/time"}, {"GET", "/api/v1/cameras/nope/config"}}) {
            Reply r = admin(route[0], route[1], null);
            assertThat(r.status()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(r.code()).isEqualTo("not_found");
            assertThat(r.message()).isEqualTo("no camera 'nope'");
        }
    }

    @Test
    void addByRtspUrlRecordsAndDisableEnableStopAndStartIngest() throws Exception {
        StreamKey key = new StreamKey("byurl", "main");
        Reply added = admin("POST", "/api/v1/cameras", rtspBody("byurl"));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.body().path("source").asText()).isEqualTo("rtsp");
        awaitFrames(key, 25);
        assertThat(server.hub(key)).as("re-streamable at once").isPresent();
        Reply one = call(VIEWER, "GET", "/api/v1/cameras/byurl", null);
        assertThat(one.body().path("streams").get(0).path("state").asText()).isEqualTo("STREAMING");
        assertThat(one.body().path("streams").get(0).path("frames").asLong()).isPositive();
        assertThat(one.body().path("streams").get(0).path("url").asText()).isEqualTo(demo.url("byurl"));
        // The demo clip is 25 fps; the rates cover the last whole second (the first one also holds the burst the
        // demo camera starts with, so wait for a steady second).
        await("the demo camera's 25 fps measured", () -> {
            try {
                double fps = call(VIEWER, "GET", "/api/v1/cameras/byurl", null).body().path("streams").get(0)
                        .path("fps").asDouble();
                return fps >= 20 && fps <= 30;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        JsonNode rates = call(VIEWER, "GET", "/api/v1/cameras/byurl", null).body();
        assertThat(rates.path("streams").get(0).path("bitrateBps").asLong()).isPositive();
        assertThat(Instant.parse(rates.path("streams").get(0).path("currentSegmentStart").asText()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(rates.path("diskBytes").isIntegralNumber()).isTrue();
        // The demo camera sends Sender Reports stamped with this machine's clock: its offset is known and small.
        assertThat(rates.path("streams").get(0).path("clockOffsetMillis").isIntegralNumber()).isTrue();
        assertThat(Math.abs(rates.path("streams").get(0).path("clockOffsetMillis").asLong())).isLessThan(1_000);
        assertThat(call(VIEWER, "GET", "/api/v1/cameras", null).body().path("cameras").findValuesAsText("id"))
                .contains("byurl");
        assertThat(lastAudit("camera.add").detail()).containsEntry("camera", "byurl").containsEntry("source", "rtsp");

        Reply duplicate = admin("POST", "/api/v1/cameras", rtspBody("byurl"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("conflict");
        assertThat(admin("GET", "/api/v1/cameras/byurl/time", null).status())
                .as("time needs an ONVIF camera").isEqualTo(409);
        assertThat(admin("GET", "/api/v1/cameras/byurl/config", null).code()).isEqualTo("conflict");

        Reply off = admin("POST", "/api/v1/cameras/byurl/disable", null);
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body().path("enabled").asBoolean()).isFalse();
        assertThat(off.body().path("streams").get(0).path("state").asText()).isEqualTo("STOPPED");
        assertThat(server.status(key)).as("ingest stopped").isEmpty();
        assertThat(server.hub(key)).isEmpty();
        assertThat(segments(key)).as("the open segment was finished and indexed").isNotEmpty();
        assertThat(off.body().path("diskBytes").asLong()).as("the indexed segment's bytes")
                .isEqualTo(segments(key).stream().mapToLong(SegmentRow::bytes).sum());
        assertThat(off.body().path("streams").get(0).has("fps")).isFalse();
        assertThat(off.body().path("streams").get(0).has("currentSegmentStart")).isFalse();
        assertThat(lastAudit("camera.disable").detail()).containsEntry("camera", "byurl");

        Reply on = admin("POST", "/api/v1/cameras/byurl/enable", null);
        assertThat(on.body().path("enabled").asBoolean()).isTrue();
        awaitFrames(key, 25);
        assertThat(lastAudit("camera.enable").detail()).containsEntry("camera", "byurl");
        await("the gap while disabled", () -> server.index().gaps(key, Instant.EPOCH,
                Instant.now().plusSeconds(60)).stream().map(Gap::detail).anyMatch("recording disabled"::equals));
    }

    @Test
    void updateChangesUrlCredentialsAndTransportAndRestartsTheCamera() throws Exception {
        StreamKey key = new StreamKey("upd", "main");
        assertThat(admin("POST", "/api/v1/cameras", rtspBody("upd")).status()).isEqualTo(201);
        awaitFrames(key, 25);

        assertThat(admin("PUT", "/api/v1/cameras/upd", "{}").message())
                .isEqualTo("give at least one of 'url', 'username', 'password' and 'transport'");
        assertThat(admin("PUT", "/api/v1/cameras/upd", "{\"id\":\"other\"}").message())
                .isEqualTo("'id': unknown field");
        assertThat(admin("PUT", "/api/v1/cameras/upd", "{\"url\":\"http://h/\"}").message())
                .startsWith("'url': must be rtsp://");
        assertThat(admin("PUT", "/api/v1/cameras/upd", "{\"transport\":\"sctp\"}").message())
                .isEqualTo("'transport': must be tcp, udp or auto");
        assertThat(admin("PUT", "/api/v1/cameras/upd", "{\"password\":\"" + CAMERA_PASSWORD + "\"}").message())
                .isEqualTo("'username': required with 'password' (the camera has none)");
        assertThat(call(VIEWER, "PUT", "/api/v1/cameras/upd", "{\"transport\":\"udp\"}").status()).isEqualTo(403);
        assertThat(admin("PUT", "/api/v1/cameras/nope", "{\"transport\":\"udp\"}").status()).isEqualTo(404);

        Reply updated = admin("PUT", "/api/v1/cameras/upd", "{\"url\":\"" + demo.url("upd2") + "\","
                + "\"username\":\"nvr\",\"password\":\"" + CAMERA_PASSWORD + "\",\"transport\":\"auto\"}");
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.text()).doesNotContain(CAMERA_PASSWORD);
        assertThat(updated.body().path("transport").asText()).isEqualTo("auto");
        assertThat(updated.body().path("streams").get(0).path("url").asText()).isEqualTo(demo.url("upd2"));
        awaitFrames(key, 25);
        AuditEntry audit = lastAudit("camera.update");
        assertThat(audit.detail()).containsEntry("camera", "upd").containsEntry("url", demo.url("upd2"))
                .containsEntry("username", "nvr").containsEntry("password", "changed")
                .containsEntry("transport", "auto").containsEntry("restarted", "true");
        assertThat(audit.detail().toString()).doesNotContain(CAMERA_PASSWORD);
        await("the gap of the restart", () -> server.index().gaps(key, Instant.EPOCH,
                Instant.now().plusSeconds(60)).stream().map(Gap::detail).anyMatch("camera settings changed"::equals));
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(CAMERA_PASSWORD));

        // A disabled camera is only stored; it starts with the new settings when enabled.
        assertThat(admin("POST", "/api/v1/cameras/upd/disable", null).status()).isEqualTo(200);
        Reply whileOff = admin("PUT", "/api/v1/cameras/upd", "{\"transport\":\"tcp\"}");
        assertThat(whileOff.body().path("transport").asText()).isEqualTo("tcp");
        assertThat(whileOff.body().path("enabled").asBoolean()).isFalse();
        assertThat(server.status(key)).isEmpty();
        assertThat(lastAudit("camera.update").detail()).containsEntry("restarted", "false");
    }

    @Test
    void removeKeepsFootageByDefaultAndDeletesItWhenAsked() throws Exception {
        StreamKey kept = new StreamKey("kept", "main");
        StreamKey gone = new StreamKey("gone", "main");
        assertThat(admin("POST", "/api/v1/cameras", rtspBody("kept")).status()).isEqualTo(201);
        assertThat(admin("POST", "/api/v1/cameras", rtspBody("gone")).status()).isEqualTo(201);
        awaitFrames(kept, 25);
        awaitFrames(gone, 25);

        assertThat(admin("DELETE", "/api/v1/cameras/kept?footage=maybe", null).message())
                .isEqualTo("'footage': must be keep or delete");
        Reply removed = admin("DELETE", "/api/v1/cameras/kept", null);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().path("footage").asText()).isEqualTo("keep");
        assertThat(admin("GET", "/api/v1/cameras/kept", null).status()).isEqualTo(404);
        assertThat(server.status(kept)).isEmpty();
        List<SegmentRow> keptRows = segments(kept);
        assertThat(keptRows).isNotEmpty();
        assertThat(server.recordingsRoot().resolve(keptRows.get(0).path())).exists();

        Reply deleted = admin("DELETE", "/api/v1/cameras/gone?footage=delete", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("deletedSegments").asLong()).isPositive();
        assertThat(segments(gone)).isEmpty();
        try (var files = Files.walk(server.recordingsRoot().resolve("gone"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
        assertThat(lastAudit("camera.remove").detail()).containsEntry("camera", "gone")
                .containsEntry("footage", "delete");
    }

    @Test
    void addByOnvifRecordsMainAndSubAndNeverShowsThePassword() throws Exception {
        try (FakeOnvifDevice fake = fakeCamera("gate")) {
            Reply added = admin("POST", "/api/v1/cameras", onvifBody("gate", fake, CAMERA_PASSWORD));
            assertThat(added.status()).as(added.text()).isEqualTo(201);
            assertThat(added.body().path("source").asText()).isEqualTo("onvif");
            assertThat(added.body().path("onvifUrl").asText()).isEqualTo(fake.deviceUri().toString());
            JsonNode streams = added.body().path("streams");
            assertThat(streams.findValuesAsText("name")).containsExactly("main", "sub");
            // Hikvision-like GetProfiles: Profile_1 is 2560 wide, Profile_2 640.
            assertThat(streams.findValuesAsText("profileToken")).containsExactly("Profile_1", "Profile_2");
            awaitFrames(new StreamKey("gate", "main"), 25);
            awaitFrames(new StreamKey("gate", "sub"), 25);
            assertThat(server.hub(new StreamKey("gate", "sub"))).as("sub is re-streamable").isPresent();

            AuditEntry audit = lastAudit("camera.add");
            assertThat(audit.user()).isEqualTo(ADMIN);
            assertThat(audit.detail()).containsEntry("camera", "gate").containsEntry("source", "onvif")
                    .containsEntry("main", demo.url("gate"));
            assertThat(audit.detail().toString()).doesNotContain(CAMERA_PASSWORD);

            assertThat(admin("GET", "/api/v1/cameras/gate", null).text()).doesNotContain(CAMERA_PASSWORD)
                    .doesNotContain("password");
            assertThat(admin("GET", "/api/v1/cameras", null).text()).doesNotContain(CAMERA_PASSWORD);
            assertThat(logs.list).as("SLF4J log lines captured").isNotEmpty()
                    .noneMatch(e -> e.getFormattedMessage().contains(CAMERA_PASSWORD));
        }
    }

    @Test
    void cameraErrorsAreGatewayErrors() throws Exception {
        try (FakeOnvifDevice fake = fakeCamera("refused")) {
            Reply refused = admin("POST", "/api/v1/cameras", onvifBody("refused", fake, "wrong-password"));
            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.code()).isEqualTo("bad_gateway");
            assertThat(refused.message()).contains("refused the credentials").doesNotContain("wrong-password");
            assertThat(admin("GET", "/api/v1/cameras/refused", null).status()).as("not stored").isEqualTo(404);

            fake.delay(Duration.ofMillis(5_500));
            Reply slow = admin("POST", "/api/v1/cameras", onvifBody("slow", fake, CAMERA_PASSWORD));
            assertThat(slow.status()).isEqualTo(504);
            assertThat(slow.code()).isEqualTo("gateway_timeout");
        }
    }

    @Test
    void timeIsReadWithItsOffsetAndSetFromOurClock() throws Exception {
        try (FakeOnvifDevice fake = fakeCamera("clock")) {
            fake.clockOffset(Duration.ofSeconds(-30));
            assertThat(admin("POST", "/api/v1/cameras", onvifBody("clock", fake, CAMERA_PASSWORD)).status())
                    .isEqualTo(201);
            Reply time = call(ADMIN, "GET", "/api/v1/cameras/clock/time", null);
            assertThat(time.status()).as(time.text()).isEqualTo(200);
            assertThat(time.body().path("offsetMillis").asLong()).isBetween(-31_500L, -28_500L);
            assertThat(time.body().path("wrongClock").asBoolean()).isTrue();
            assertThat(Instant.parse(time.body().path("cameraUtc").asText()))
                    .isBetween(Instant.now().minusSeconds(35), Instant.now().minusSeconds(25));

            assertThat(admin("POST", "/api/v1/cameras/clock/time", "{\"mode\":\"sundial\"}").message())
                    .isEqualTo("'mode': must be manual or ntp");
            assertThat(call(VIEWER, "POST", "/api/v1/cameras/clock/time", "{\"mode\":\"manual\"}").status())
                    .isEqualTo(403);
            Reply set = admin("POST", "/api/v1/cameras/clock/time", "{\"mode\":\"manual\"}");
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.body().path("offsetMillis").asLong()).isBetween(-1_500L, 1_500L);
            assertThat(set.body().path("wrongClock").asBoolean()).isFalse();
            assertThat(fake.lastReceived("SetSystemDateAndTime")).isPresent();
            assertThat(lastAudit("camera.time.set").detail()).containsEntry("camera", "clock")
                    .containsEntry("mode", "manual");
            assertThat(admin("GET", "/api/v1/cameras/clock/time", null).body().path("wrongClock").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void encoderConfigurationIsReadAndChangedWithTheFieldNamedOnError() throws Exception {
        try (FakeOnvifDevice fake = fakeCamera("conf")) {
            assertThat(admin("POST", "/api/v1/cameras", onvifBody("conf", fake, CAMERA_PASSWORD)).status())
                    .isEqualTo(201);
            Reply config = call(ADMIN, "GET", "/api/v1/cameras/conf/config", null);
            assertThat(config.status()).as(config.text()).isEqualTo(200);
            JsonNode first = config.body().path("configurations").get(0);
            assertThat(first.path("token").asText()).isEqualTo("VideoEncoderToken_1");
            assertThat(first.path("encoding").asText()).isEqualTo("H264");
            assertThat(first.path("resolution").path("width").asInt()).isEqualTo(2560);

            Reply outOfRange = admin("PUT", "/api/v1/cameras/conf/config",
                    "{\"token\":\"VideoEncoderToken_1\",\"bitrateLimitKbps\":90000}");
            assertThat(outOfRange.status()).isEqualTo(400);
            assertThat(outOfRange.message()).startsWith("'bitrateLimitKbps' 90000 is outside the camera's range");
            assertThat(fake.lastReceived("SetVideoEncoderConfiguration")).as("nothing written").isEmpty();
            assertThat(admin("PUT", "/api/v1/cameras/conf/config", "{\"token\":\"VideoEncoderToken_1\",\"fps\":5}")
                    .message()).isEqualTo("'fps': unknown field");
            assertThat(admin("PUT", "/api/v1/cameras/conf/config", "{\"token\":\"nope\",\"govLength\":50}")
                    .message()).startsWith("'token':");

            Reply changed = admin("PUT", "/api/v1/cameras/conf/config",
                    "{\"token\":\"VideoEncoderToken_1\",\"bitrateLimitKbps\":4096,\"govLength\":50}");
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
            assertThat(fake.lastReceived("SetVideoEncoderConfiguration")).isPresent();
            assertThat(lastAudit("camera.config.set").detail()).containsEntry("camera", "conf")
                    .containsEntry("token", "VideoEncoderToken_1").containsEntry("bitrateLimitKbps", "4096")
                    .containsEntry("govLength", "50");
        }
    }
}
