package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.nvr.onvif.fake.FakeOnvifDevice.Raw;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/**
 * ONVIF cameras inside a running NVR: PTZ through the admin API against {@link FakeOnvifDevice} as a Hikvision-like
 * PTZ dome (fixtures {@code hikvision} for device and media, {@code hikvision-ptz} for services and PTZ) and an
 * Axis-like fixed camera, ONVIF events from the Axis-like pull point into the event table, and the {@code nvr}
 * command end to end. Every fake's GetStreamUri points at a demo camera, so every added camera really records.
 */
class OnvifCameraIT {
    private static final String ADMIN = "admin1";
    private static final String OPERATOR = "operator1";
    private static final String VIEWER = "viewer1";
    private static final String PASSWORD = TestNvr.PASSWORD;
    /** The fakes' password: must never appear in an answer or the command's output. */
    private static final String CAMERA_PASSWORD = "Cam3ra-S3cret!";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String TT = Namespaces.SCHEMA;
    private static final String PTZ = Namespaces.PTZ;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static EventLoopGroup demoLoops;
    private static DemoCameraServer demo;
    private static SimpleMeterRegistry registry;
    private static TestNvr nvr;
    private static NvrServer server;

    @BeforeAll
    static void setUp() throws Exception {
        demoLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        demo = new DemoCameraServer(DemoClip.generate(320, 180, 25, 50, 25), new InetSocketAddress("127.0.0.1", 0),
                demoLoops);
        demo.start();
        registry = new SimpleMeterRegistry();
        nvr = TestNvr.builder(dir.resolve("data")).registry(registry).user(ADMIN, Role.ADMIN)
                .user(OPERATOR, Role.OPERATOR).user(VIEWER, Role.VIEWER).start();
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
    }

    private static Reply call(String user, String method, String path, String body) throws Exception {
        return nvr.call(user, method, path, body);
    }

    private static Reply operator(String method, String path, String body) throws Exception {
        return call(OPERATOR, method, path, body);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestNvr.await(what, Duration.ofSeconds(20), condition);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Hikvision-like PTZ dome: device and Media1 from the {@code hikvision} fixtures, GetServices (Media, PTZ,
     * Imaging, Events) and the PTZ service from {@code hikvision-ptz}; moves, stop, goto and remove answered empty,
     * as the PTZ Service Specification's responses are.
     */
    private static FakeOnvifDevice ptzDome(String streamPath) throws Exception {
        FakeOnvifDevice fake = new FakeOnvifDevice("hikvision", "admin", CAMERA_PASSWORD.toCharArray());
        fake.override("GetStreamUri", Raw.soap(200, utf8("<env:Envelope xmlns:env=\"" + SOAP12 + "\""
                + " xmlns:tt=\"" + TT + "\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\"><env:Body>"
                + "<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>" + demo.url(streamPath) + "</tt:Uri>"
                + "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
                + "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT60S</tt:Timeout>"
                + "</trt:MediaUri></trt:GetStreamUriResponse></env:Body></env:Envelope>")));
        for (String op : new String[] {"GetServices", "GetConfigurations", "GetNodes", "GetPresets", "SetPreset"}) {
            fake.serve(op, "hikvision-ptz/" + op + ".xml");
        }
        fake.answerEmpty("ContinuousMove", "Stop", "GotoPreset", "RemovePreset");
        return fake;
    }

    /** An Axis-like fixed camera (Media2, Events, no PTZ service) from the {@code axis} fixtures. */
    private static FakeOnvifDevice axisCamera(String streamPath) throws Exception {
        FakeOnvifDevice fake = new FakeOnvifDevice("axis", "admin", CAMERA_PASSWORD.toCharArray());
        fake.override("GetStreamUri", Raw.soap(200, utf8("<env:Envelope xmlns:env=\"" + SOAP12 + "\""
                + " xmlns:tr2=\"http://www.onvif.org/ver20/media/wsdl\"><env:Body><tr2:GetStreamUriResponse>"
                + "<tr2:Uri>" + demo.url(streamPath) + "</tr2:Uri></tr2:GetStreamUriResponse></env:Body>"
                + "</env:Envelope>")));
        return fake;
    }

    private static String onvifBody(String id, FakeOnvifDevice fake) {
        return "{\"id\":\"" + id + "\",\"onvif\":{\"url\":\"" + fake.deviceUri() + "\",\"username\":\"admin\","
                + "\"password\":\"" + CAMERA_PASSWORD + "\"}}";
    }

    private static void add(String id, FakeOnvifDevice fake) throws Exception {
        Reply added = call(ADMIN, "POST", "/api/v1/cameras", onvifBody(id, fake));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
    }

    private static AuditEntry lastAudit(String action) {
        return server.audit().recent(200).stream().filter(e -> e.action().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no audit row " + action));
    }

    private static long count(FakeOnvifDevice fake, String operation) {
        return fake.received().stream().filter(e -> operation.equals(e.getLocalName())).count();
    }

    private static String text(Element parent, String ns, String name) {
        return SafeXml.childText(parent, ns, name).orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void ptzDomeMovesStopsAndUsesPresetsOnItsMainProfileEachActionAudited() throws Exception {
        try (FakeOnvifDevice dome = ptzDome("dome")) {
            add("dome", dome);
            String ptz = "/api/v1/cameras/dome/ptz";

            Reply presets = operator("GET", ptz + "/presets", null);
            assertThat(presets.status()).as(presets.text()).isEqualTo(200);
            // hikvision-ptz/GetPresets.xml: tokens 1, 2, 33 named Gate, Parking lot, preset 33.
            assertThat(presets.body().path("presets").findValuesAsText("token")).containsExactly("1", "2", "33");
            assertThat(presets.body().path("presets").findValuesAsText("name"))
                    .containsExactly("Gate", "Parking lot", "preset 33");
            // Hikvision-like GetProfiles: Profile_1 (2560 wide) is the main stream's profile.
            assertThat(text(dome.lastReceived("GetPresets").orElseThrow(), PTZ, "ProfileToken"))
                    .isEqualTo("Profile_1");

            assertThat(call(VIEWER, "POST", ptz + "/move", "{\"pan\":0.5}").status()).isEqualTo(403);
            assertThat(operator("POST", ptz + "/move", "{\"pan\":1.5}").message())
                    .isEqualTo("'pan': must be a number in -1..1");
            assertThat(operator("POST", ptz + "/move", "{\"tilt\":\"up\"}").message())
                    .isEqualTo("'tilt': must be a number");
            assertThat(operator("POST", ptz + "/move", "{\"pan\":0.5,\"timeoutMillis\":0}").message())
                    .isEqualTo("'timeoutMillis': must be an integer in 1..60000");
            assertThat(operator("POST", ptz + "/move", "{\"pan\":0.5,\"timeoutMillis\":60001}").message())
                    .isEqualTo("'timeoutMillis': must be an integer in 1..60000");
            assertThat(operator("POST", ptz + "/move", "{\"pan\":0.5,\"speed\":1}").message())
                    .isEqualTo("'speed': unknown field");
            assertThat(operator("POST", ptz + "/move", "{}").status()).isEqualTo(400);
            assertThat(operator("POST", ptz + "/goto", "{}").message()).isEqualTo("'preset': required");
            assertThat(operator("POST", ptz + "/presets", "{\"name\":\"\"}").message())
                    .isEqualTo("'name': must be 1..64 characters");
            assertThat(dome.lastReceived("ContinuousMove")).as("refused bodies send nothing").isEmpty();

            Reply move = operator("POST", ptz + "/move",
                    "{\"pan\":0.5,\"tilt\":-0.25,\"zoom\":0,\"timeoutMillis\":1500}");
            assertThat(move.status()).as(move.text()).isEqualTo(200);
            Element cm = dome.lastReceived("ContinuousMove").orElseThrow();
            assertThat(text(cm, PTZ, "ProfileToken")).isEqualTo("Profile_1");
            Element velocity = SafeXml.child(cm, PTZ, "Velocity").orElseThrow();
            Element panTilt = SafeXml.child(velocity, TT, "PanTilt").orElseThrow();
            assertThat(panTilt.getAttribute("x")).isEqualTo("0.5");
            assertThat(panTilt.getAttribute("y")).isEqualTo("-0.25");
            assertThat(SafeXml.child(velocity, TT, "Zoom")).as("zoom 0 is left out").isEmpty();
            assertThat(text(cm, PTZ, "Timeout")).isEqualTo("PT1.5S");
            AuditEntry moved = lastAudit("ptz.move");
            assertThat(moved.user()).isEqualTo(OPERATOR);
            assertThat(moved.detail()).containsEntry("camera", "dome").containsEntry("profile", "Profile_1")
                    .containsEntry("pan", "0.5").containsEntry("tilt", "-0.25").containsEntry("zoom", "0.0")
                    .containsEntry("timeoutMillis", "1500");

            Reply stop = operator("POST", ptz + "/stop", null);
            assertThat(stop.status()).as(stop.text()).isEqualTo(200);
            Element st = dome.lastReceived("Stop").orElseThrow();
            assertThat(text(st, PTZ, "PanTilt")).isEqualTo("true");
            assertThat(text(st, PTZ, "Zoom")).isEqualTo("true");
            assertThat(lastAudit("ptz.stop").detail()).containsEntry("camera", "dome");

            assertThat(operator("POST", ptz + "/goto", "{\"preset\":\"2\"}").status()).isEqualTo(200);
            assertThat(text(dome.lastReceived("GotoPreset").orElseThrow(), PTZ, "PresetToken")).isEqualTo("2");
            assertThat(lastAudit("ptz.goto").detail()).containsEntry("camera", "dome").containsEntry("preset", "2");

            Reply saved = operator("POST", ptz + "/presets", "{\"name\":\"Door\"}");
            assertThat(saved.status()).as(saved.text()).isEqualTo(201);
            // hikvision-ptz/SetPreset.xml answers PresetToken 4.
            assertThat(saved.body().path("token").asText()).isEqualTo("4");
            assertThat(saved.body().path("name").asText()).isEqualTo("Door");
            assertThat(text(dome.lastReceived("SetPreset").orElseThrow(), PTZ, "PresetName")).isEqualTo("Door");
            assertThat(lastAudit("ptz.preset.set").detail()).containsEntry("name", "Door").containsEntry("token", "4");

            Reply removed = operator("DELETE", ptz + "/presets/4", null);
            assertThat(removed.status()).as(removed.text()).isEqualTo(200);
            assertThat(text(dome.lastReceived("RemovePreset").orElseThrow(), PTZ, "PresetToken")).isEqualTo("4");
            assertThat(lastAudit("ptz.preset.remove").detail()).containsEntry("camera", "dome")
                    .containsEntry("token", "4");

            assertThat(count(dome, "GetConfigurations")).as("capabilities read once for all requests").isEqualTo(1);
            assertThat(count(dome, "GetNodes")).isEqualTo(1);
            assertThat(call(ADMIN, "DELETE", "/api/v1/cameras/dome", null).status()).isEqualTo(200);
            assertThat(operator("GET", ptz + "/presets", null).status()).isEqualTo(404);
        }
    }

    @Test
    void fixedCameraIsRefusedNamingTheOperationWithoutAnyPtzRequest() throws Exception {
        try (FakeOnvifDevice fixed = axisCamera("fixed")) {
            add("fixed", fixed);
            String ptz = "/api/v1/cameras/fixed/ptz";
            Reply move = operator("POST", ptz + "/move", "{\"pan\":0.5,\"timeoutMillis\":1000}");
            assertThat(move.status()).as(move.text()).isEqualTo(409);
            assertThat(move.code()).isEqualTo("conflict");
            assertThat(move.message()).startsWith("camera fixed has no PTZ: ContinuousMove unsupported");
            assertThat(operator("GET", ptz + "/presets", null).message())
                    .startsWith("camera fixed has no PTZ: GetPresets unsupported");
            assertThat(operator("POST", ptz + "/stop", null).message())
                    .startsWith("camera fixed has no PTZ: Stop unsupported");
            assertThat(operator("POST", ptz + "/goto", "{\"preset\":\"1\"}").message())
                    .startsWith("camera fixed has no PTZ: GotoPreset unsupported");
            assertThat(fixed.receivedIn(PTZ)).as("decided from GetServices: no PTZ request").isZero();
            assertThat(server.audit().recent(200)).noneMatch(e -> e.action().startsWith("ptz.")
                    && "fixed".equals(e.detail().get("camera")));
            assertThat(call(ADMIN, "DELETE", "/api/v1/cameras/fixed", null).status()).isEqualTo(200);
        }
        Reply added = call(ADMIN, "POST", "/api/v1/cameras", "{\"id\":\"plain\",\"url\":\"" + demo.url("plain")
                + "\"}");
        assertThat(added.status()).isEqualTo(201);
        Reply plain = operator("POST", "/api/v1/cameras/plain/ptz/stop", null);
        assertThat(plain.status()).isEqualTo(409);
        assertThat(plain.message()).contains("not ONVIF");
        assertThat(call(ADMIN, "DELETE", "/api/v1/cameras/plain", null).status()).isEqualTo(200);
    }

    @Test
    void motionFromThePullPointIsStoredCountedAndListedUntilTheCameraIsRemoved() throws Exception {
        try (FakeOnvifDevice door = axisCamera("door")) {
            AtomicInteger pulls = new AtomicInteger();
            byte[] first = FakeOnvifDevice.fixture("axis/PullMessages.xml").orElseThrow();
            // Later pulls find nothing new, as a camera's pull point does once it has been emptied.
            byte[] empty = utf8("<env:Envelope xmlns:env=\"" + SOAP12 + "\"><env:Body><tev:PullMessagesResponse"
                    + " xmlns:tev=\"http://www.onvif.org/ver10/events/wsdl\"/></env:Body></env:Envelope>");
            door.route("PullMessages", env -> Raw.soap(200, pulls.incrementAndGet() == 1 ? first : empty));
            add("door", door);

            await("three events of door", () -> server.events().recent(Optional.of("door"), 10).size() >= 3);
            assertThat(server.pollingOnvifEvents("door")).isTrue();
            Element filter = SafeXml.child(door.lastReceived("CreatePullPointSubscription").orElseThrow(),
                    Namespaces.EVENTS, "Filter").orElseThrow();
            assertThat(filter.getTextContent()).contains("tns1:RuleEngine/CellMotionDetector/Motion",
                    "tns1:VideoSource/MotionAlarm", "tns1:VideoSource/GlobalSceneChange/ImagingService");
            // axis/PullMessages.xml: MotionAlarm Initialized (false) and Changed (true), and an Axis IO event.
            assertThat(counter("door", "onvif.motion").count()).isEqualTo(2.0);
            assertThat(counter("door", "onvif.other").count()).isEqualTo(1.0);

            Reply events = call(VIEWER, "GET", "/api/v1/cameras/door/events", null);
            assertThat(events.status()).as(events.text()).isEqualTo(200);
            JsonNode list = events.body().path("events");
            assertThat(list.size()).isEqualTo(3);
            assertThat(list.findValuesAsText("kind")).containsExactly("onvif.other", "onvif.motion", "onvif.motion");
            JsonNode motion = list.get(1);
            assertThat(motion.path("at").asText()).isEqualTo("2026-03-01T10:00:04.500Z");
            assertThat(motion.path("payload").path("topic").asText()).isEqualTo("tns1:VideoSource/MotionAlarm");
            assertThat(motion.path("payload").path("operation").asText()).isEqualTo("Changed");
            assertThat(motion.path("payload").path("source.Source").asText()).isEqualTo("0");
            assertThat(motion.path("payload").path("data.State").asText()).isEqualTo("true");
            assertThat(list.get(2).path("payload").path("data.State").asText()).isEqualTo("false");
            assertThat(call(VIEWER, "GET", "/api/v1/cameras/door/events?limit=1", null).body().path("events")
                    .size()).isEqualTo(1);
            assertThat(call(VIEWER, "GET", "/api/v1/cameras/door/events?limit=0", null).message())
                    .isEqualTo("'limit': must be an integer in 1..1000");
            assertThat(call(VIEWER, "GET", "/api/v1/cameras/nope/events", null).status()).isEqualTo(404);
            await("an empty pull after the first", () -> pulls.get() >= 2);

            assertThat(call(ADMIN, "DELETE", "/api/v1/cameras/door", null).status()).isEqualTo(200);
            await("Unsubscribe", () -> door.lastReceived("Unsubscribe").isPresent());
            assertThat(server.pollingOnvifEvents("door")).isFalse();
            int pullsAtRemoval = pulls.get();
            Thread.sleep(2_500);
            assertThat(pulls.get()).as("no pull after removal").isEqualTo(pullsAtRemoval);
            assertThat(registry.find("nvr.onvif.events").tag("camera", "door").counters()).isEmpty();
            assertThat(registry.find("nvr.onvif.event.errors").tag("camera", "door").counters()).isEmpty();
        }
    }

    @Test
    void pollerFailuresAreCountedAndDisableStopsPolling() throws Exception {
        try (FakeOnvifDevice flaky = axisCamera("flaky")) {
            byte[] fault = FakeOnvifDevice.fixture("faults/InvalidArgVal.xml").orElseThrow();
            // The pull point faults, as after a camera reboot forgot the subscription.
            flaky.route("PullMessages", env -> Raw.soap(400, fault));
            add("flaky", flaky);
            await("two failed pulls", () -> registry.find("nvr.onvif.event.errors").tag("camera", "flaky")
                    .counters().stream().mapToDouble(Counter::count).sum() >= 2);
            assertThat(count(flaky, "CreatePullPointSubscription")).as("re-subscribed after the fault")
                    .isGreaterThanOrEqualTo(2);

            assertThat(call(ADMIN, "POST", "/api/v1/cameras/flaky/disable", null).status()).isEqualTo(200);
            await("no more polling", () -> !server.pollingOnvifEvents("flaky"));
            long creates = count(flaky, "CreatePullPointSubscription");
            Thread.sleep(2_500);
            assertThat(count(flaky, "CreatePullPointSubscription")).isEqualTo(creates);
            assertThat(call(ADMIN, "POST", "/api/v1/cameras/flaky/enable", null).status()).isEqualTo(200);
            await("polling again", () -> count(flaky, "CreatePullPointSubscription") > creates);
            assertThat(call(ADMIN, "DELETE", "/api/v1/cameras/flaky", null).status()).isEqualTo(200);
        }
    }

    private static Counter counter(String camera, String kind) {
        return registry.get("nvr.onvif.events").tag("camera", camera).tag("kind", kind).counter();
    }

    record Cli(int exit, String out, String err) {
    }

    /** Runs the real {@code nvr} command (target/nvr.jar) as an admin of the test server. */
    private static Cli nvr(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-jar", Path.of("target", "nvr.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--server", "http://127.0.0.1:" + server.adminPort(), "--user", ADMIN));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("NVR_PASSWORD", PASSWORD);
        pb.environment().put("NVR_CAMERA_PASSWORD", CAMERA_PASSWORD);
        Path err = Files.createTempFile(dir, "nvr", ".err");
        pb.redirectError(err.toFile());
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Cli cli = new Cli(process.exitValue(), out, Files.readString(err));
        assertThat(cli.out() + cli.err()).doesNotContain(CAMERA_PASSWORD).doesNotContain(PASSWORD);
        return cli;
    }

    @Test
    void nvrCommandAddsListsReadsPresetsAndTimeThenRemovesAnOnvifCamera() throws Exception {
        try (FakeOnvifDevice dome = ptzDome("cam-onvif")) {
            dome.clockOffset(Duration.ofSeconds(-30));
            Cli add = nvr("cameras", "add", "cam-onvif", "--onvif", dome.deviceUri().toString(), "--username",
                    "admin");
            assertThat(add.exit()).as(add.out() + add.err()).isZero();

            Cli list = nvr("cameras", "list", "--json");
            assertThat(list.exit()).as(list.err()).isZero();
            JsonNode camera = null;
            for (JsonNode c : JSON.readTree(list.out()).path("cameras")) {
                if (c.path("id").asText().equals("cam-onvif")) {
                    camera = c;
                }
            }
            assertThat(camera).as(list.out()).isNotNull();
            assertThat(camera.path("source").asText()).isEqualTo("onvif");
            assertThat(camera.path("streams").findValuesAsText("name")).containsExactly("main", "sub");

            Cli presets = nvr("ptz", "cam-onvif", "presets");
            assertThat(presets.exit()).as(presets.err()).isZero();
            assertThat(presets.out()).contains("TOKEN", "NAME", "Gate", "Parking lot", "33");

            Cli time = nvr("camera", "time", "cam-onvif");
            assertThat(time.exit()).as(time.err()).isZero();
            assertThat(time.out()).contains("offset").contains("(camera behind the NVR)").contains("WRONG CLOCK");

            Cli remove = nvr("cameras", "remove", "cam-onvif", "--yes");
            assertThat(remove.exit()).as(remove.err()).isZero();
            assertThat(call(ADMIN, "GET", "/api/v1/cameras/cam-onvif", null).status()).isEqualTo(404);
            assertThat(lastAudit("camera.remove").detail()).containsEntry("camera", "cam-onvif");
        }
    }
}
