package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.testing.ReliabilityReport;

/**
 * Issue #12: footage is personal data, so every view, export and picture must leave exactly one audit row naming
 * who, from where, what and which footage. The packaged NVR ({@code target/nvr.jar}, {@code nvr run} recording its
 * demo camera in 10 s segments) is reached once through every way video leaves it: RTSP live over TCP and UDP (and
 * again after PAUSE), recorded playback by {@code ?start=}, a seek on the same session, ONVIF replay with a clock
 * range and Scale, the MP4 export whole and by byte range, its manifest, {@code nvr export}, the snapshot and
 * {@code nvr snapshot}; and refused once each: a wrong password over RTSP and HTTP, a viewer asking for an export.
 * Requests that send no footage (HEAD, a second PLAY while playing, a stream that does not exist, the anonymous
 * first request every client makes) must leave no row. The audit log is then read through {@code GET
 * /api/v1/audit} and {@code nvr audit --json} and must hold exactly the expected rows, in order, and nothing else.
 * The RTSP methods the server offers (OPTIONS' {@code Public}) must each be a media method exercised here or a
 * control method ({@link AuditedAccessPaths}); {@code VideoRoutesAuditedIT} does the same for the admin routes.
 */
class AuditCompletenessIT {
    private static final String ADMIN = "auditor";
    private static final String OPERATOR = "operator1";
    private static final String VIEWER = "viewer1";
    private static final String PASSWORD = "Audit-Pa55-issue-12";
    private static final String CAMERA = "demo";
    private static final String LOCALHOST = "127.0.0.1";
    /** RFC 2326 §3.7 absolute time, whole seconds (the server's own format drops a zero fraction). */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Expected> expected = new ArrayList<>();
    private final Set<String> exercisedRoutes = new LinkedHashSet<>();
    private final Set<String> exercisedPaths = new LinkedHashSet<>();
    private Path config;
    private String adminUrl;
    private int rtspPort;

    /**
     * One row the log must hold: its action, user, and what its remote and detail must satisfy.
     *
     * @param path the access path, for messages and the report
     */
    private record Expected(String path, String action, String user, Predicate<String> remote,
                            Map<String, String> detail, List<String> detailKeys) {
        boolean matches(JsonNode row) {
            if (!row.path("action").asText().equals(action) || !row.path("user").asText().equals(user)
                    || !remote.test(row.path("remote").asText())) {
                return false;
            }
            JsonNode d = row.path("detail");
            for (Map.Entry<String, String> e : detail.entrySet()) {
                if (!d.path(e.getKey()).asText("\u0000").equals(e.getValue())) {
                    return false;
                }
            }
            for (String key : detailKeys) {
                if (!d.hasNonNull(key)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return path + ": " + action + " by " + user + " " + detail + " with " + detailKeys;
        }
    }

    @Test
    void everyWayFootageLeavesIsAuditedOnceWithWhoWhereAndWhat() throws Exception {
        config = dir.resolve("nvr.yaml");
        Path data = dir.resolve("data");
        Files.writeString(config, "dataDir: " + data + "\n"
                + "rtsp:\n  bind: 127.0.0.1\n  port: 0\n"
                + "admin:\n  bind: 127.0.0.1\n  port: 0\n"
                + "record:\n  segmentDuration: 10s\n  fragmentDuration: 1s\n", StandardCharsets.UTF_8);
        addUser(ADMIN, "admin");
        addUser(OPERATOR, "operator");
        addUser(VIEWER, "viewer");

        Path log = dir.resolve("run.log");
        Process server = new ProcessBuilder(PackagedNvr.nvr("run", "-c", config.toString())).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            adminUrl = "http://127.0.0.1:" + PackagedNvr.awaitPort(log, server, PackagedNvr.ADMIN_LISTENING);
            rtspPort = PackagedNvr.awaitPort(log, server, PackagedNvr.RTSP_LISTENING);
            awaitLive();
            // Only rows from here on are this test's: the offline user rows and the start-up are before.
            Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Thread.sleep(5);

            rtspControlMethodsAreKnown();
            liveViews();
            rtspWrongPassword();
            snapshots();
            // Three rows, so that the first two are closed segments whatever the index does with the open one.
            List<Instant[]> segments = awaitSegments(3);
            recordedPlayback(segments);
            exports(segments);

            List<JsonNode> rows = auditSince(since);
            assertRows(rows);
            assertThat(cliAudit(since)).as("nvr audit --json lists the same rows").isEqualTo(rows);
            assertThat(exercisedRoutes).as("every admin route that sends footage was exercised")
                    .containsAll(AuditedAccessPaths.HTTP_VIDEO_ROUTES);

            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("nvr run stops on SIGTERM").isTrue();
        } finally {
            server.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).doesNotContain(PASSWORD);
        ReliabilityReport.row("audit completeness", "every video access path exercised once: "
                        + String.join(", ", exercisedPaths), exercisedPaths.size(),
                "one row each with user, address, camera, times; no unaudited route", "0", "pass");
    }

    // ---- RTSP

    /** OPTIONS' Public header: every method is one this test plays or one that sends no media. */
    private void rtspControlMethodsAreKnown() throws IOException {
        try (RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
            RawRtspClient.Response options = client.request("OPTIONS", rtspUrl("/" + CAMERA), Map.of());
            assertThat(options.status()).isEqualTo(200);
            Set<String> offered = new TreeSet<>();
            for (String method : options.header("public").split(",")) {
                offered.add(method.strip());
            }
            assertThat(offered).as("RTSP methods offered").containsAll(AuditedAccessPaths.RTSP_MEDIA_METHODS);
            Set<String> unknown = new TreeSet<>(offered);
            unknown.removeAll(AuditedAccessPaths.RTSP_MEDIA_METHODS);
            unknown.removeAll(AuditedAccessPaths.RTSP_CONTROL_METHODS);
            assertThat(unknown).as("RTSP methods neither exercised as media nor known to send none: add them to"
                    + " AuditedAccessPaths and exercise them here").isEmpty();
        }
    }

    private void liveViews() throws Exception {
        String url = rtspUrl("/" + CAMERA);
        try (RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
            setupTcp(client, url);
            play(client, url, Map.of());
            assertThat(marked(client.readFrames(5, Duration.ofSeconds(10)))).as("live frames over TCP").isEqualTo(5);
            expect("RTSP live over TCP", "live.view", VIEWER, exact(client), Map.of("camera", CAMERA,
                    "stream", "main", "transport", "tcp"));
            // Already playing: nothing new starts, no row.
            play(client, url, Map.of());
            assertThat(client.request("PAUSE", url, Map.of()).status()).isEqualTo(200);
            play(client, url, Map.of());
            assertThat(marked(client.readFrames(3, Duration.ofSeconds(10)))).isEqualTo(3);
            expect("RTSP live again after PAUSE", "live.view", VIEWER, exact(client), Map.of("camera", CAMERA,
                    "stream", "main", "transport", "tcp"));
            assertThat(client.request("TEARDOWN", url, Map.of()).status()).isEqualTo(200);
        }

        DatagramSocket[] pair = udpPair();
        try (DatagramSocket rtpSocket = pair[0]; DatagramSocket rtcpSocket = pair[1];
             RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
            String control = control(client, url);
            int rtp = rtpSocket.getLocalPort();
            RawRtspClient.Response setup = client.request("SETUP", control, Map.of("Transport",
                    "RTP/AVP;unicast;client_port=" + rtp + "-" + rtcpSocket.getLocalPort()));
            assertThat(setup.status()).as("SETUP over UDP").isEqualTo(200);
            play(client, url, Map.of());
            rtpSocket.setSoTimeout(10_000);
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            rtpSocket.receive(packet);
            assertThat(packet.getLength()).as("an RTP packet over UDP").isGreaterThan(12);
            expect("RTSP live over UDP", "live.view", VIEWER, exact(client), Map.of("camera", CAMERA,
                    "stream", "main", "transport", "udp"));
            assertThat(client.request("TEARDOWN", url, Map.of()).status()).isEqualTo(200);
        }

        // The demo camera has no sub stream: nothing to play, nothing audited.
        try (RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
            assertThat(client.request("DESCRIBE", rtspUrl("/" + CAMERA + "/sub"), Map.of("Accept",
                    "application/sdp")).status()).isEqualTo(404);
            assertThat(client.request("SETUP", rtspUrl("/" + CAMERA + "/sub/trackID=0"), Map.of("Transport",
                    "RTP/AVP/TCP;unicast;interleaved=0-1")).status()).isEqualTo(404);
        }
    }

    private void rtspWrongPassword() throws Exception {
        try (RawRtspClient client = rtsp(VIEWER, "not-the-password")) {
            RawRtspClient.Response refused = client.request("DESCRIBE", rtspUrl("/" + CAMERA),
                    Map.of("Accept", "application/sdp"));
            assertThat(refused.status()).isEqualTo(401);
            expect("RTSP wrong password", "auth.failure", VIEWER, exact(client), Map.of("method", "DESCRIBE",
                    "url", rtspUrl("/" + CAMERA)), "reason");
        }
        // The RTSP server writes this row after answering: wait for it, so that the rows keep the test's order.
        await("the RTSP auth.failure row", () -> !audit("?action=auth.failure&user=" + VIEWER).isEmpty());
    }

    private void recordedPlayback(List<Instant[]> segments) throws Exception {
        Instant first = segments.get(0)[0].truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Instant seek = segments.get(1)[0].truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String recordedUrl = rtspUrl("/" + CAMERA + "?start=" + CLOCK.format(first));
        try (RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
            setupTcp(client, recordedUrl);
            play(client, recordedUrl, Map.of());
            assertThat(marked(client.readFrames(3, Duration.ofSeconds(10)))).isEqualTo(3);
            expect("RTSP recorded by ?start=", "recording.play", VIEWER, exact(client), Map.of("camera", CAMERA,
                    "stream", "main", "transport", "tcp", "range", "clock=" + CLOCK.format(first) + "-",
                    "start", first.toString(), "scale", "1.0"));
            // A seek on the same session reads other footage: its own row.
            String range = "clock=" + CLOCK.format(seek) + "-";
            play(client, recordedUrl, Map.of("Range", range));
            assertThat(marked(client.readFrames(3, Duration.ofSeconds(10)))).isEqualTo(3);
            expect("RTSP seek on the same session", "recording.play", VIEWER, exact(client), Map.of("camera",
                    CAMERA, "range", range, "start", seek.toString(), "scale", "1.0"));
            assertThat(client.request("TEARDOWN", recordedUrl, Map.of()).status()).isEqualTo(200);
        }

        Instant from = segments.get(0)[0].truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
        Instant to = from.plusSeconds(3);
        String url = rtspUrl("/" + CAMERA);
        try (RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
            setupTcp(client, url);
            String range = "clock=" + CLOCK.format(from) + "-" + CLOCK.format(to);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Require", "onvif-replay");
            headers.put("Range", range);
            headers.put("Scale", "2");
            play(client, url, headers);
            assertThat(marked(client.readFrames(3, Duration.ofSeconds(10)))).isEqualTo(3);
            expect("ONVIF replay with a clock range and Scale", "recording.play", VIEWER, exact(client),
                    Map.of("camera", CAMERA, "stream", "main", "range", range, "start", from.toString(), "end",
                            to.toString(), "scale", "2.0"));
        }
    }

    // ---- HTTP

    private void snapshots() throws Exception {
        String route = "GET /api/v1/cameras/{id}/snapshot.jpg";
        String path = "/api/v1/cameras/" + CAMERA + "/snapshot.jpg";
        HttpResponse<byte[]> jpeg = get(route, VIEWER, PASSWORD, path, Map.of());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        expect("HTTP snapshot", "live.snapshot", VIEWER, fromLocalhost(), Map.of("camera", CAMERA, "stream", "main",
                "bytes", Integer.toString(jpeg.body().length)), "capturedAt", "width", "height");
        assertThat(head(VIEWER, path).statusCode()).as("HEAD snapshot.jpg").isEqualTo(200);

        assertThat(get(route, VIEWER, "not-the-password", path, Map.of()).statusCode()).isEqualTo(401);
        expect("HTTP wrong password", "auth.failure", VIEWER, fromLocalhost(), Map.of("route", route,
                "reason", "bad_credentials"));

        Path out = dir.resolve("snap.jpg");
        Cli snapshot = cli(VIEWER, "snapshot", CAMERA, "-o", out.toString());
        assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
        expect("nvr snapshot", "live.snapshot", VIEWER, fromLocalhost(), Map.of("camera", CAMERA, "stream", "main",
                "bytes", Long.toString(Files.size(out))), "capturedAt");
    }

    private void exports(List<Instant[]> segments) throws Exception {
        String mp4Route = "GET /api/v1/cameras/{id}/export.mp4";
        String jsonRoute = "GET /api/v1/cameras/{id}/export.json";
        Instant start = segments.get(0)[0].truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Instant end = start.plusSeconds(4);
        Map<String, String> query = Map.of("start", start.toString(), "end", end.toString());
        String mp4Path = "/api/v1/cameras/" + CAMERA + "/export.mp4";
        Map<String, String> times = Map.of("camera", CAMERA, "stream", "main", "start", start.toString(),
                "end", end.toString());

        HttpResponse<byte[]> whole = get(mp4Route, OPERATOR, PASSWORD, mp4Path + query(query), Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        String sha256 = whole.headers().firstValue("X-Nvr-Manifest-Sha256").orElseThrow();
        expect("HTTP export", "recording.export", OPERATOR, fromLocalhost(), with(times, "status", "200",
                "bytes", Integer.toString(whole.body().length), "manifestSha256", sha256));

        HttpResponse<byte[]> part = get(mp4Route, OPERATOR, PASSWORD, mp4Path + query(query),
                Map.of("Range", "bytes=0-99"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        expect("HTTP export by byte range", "recording.export", OPERATOR, fromLocalhost(), with(times,
                "status", "206", "range", "bytes=0-99", "bytes", "100"));
        assertThat(head(OPERATOR, mp4Path + query(query)).statusCode()).as("HEAD export.mp4").isEqualTo(200);

        HttpResponse<byte[]> manifest = get(jsonRoute, OPERATOR, PASSWORD, "/api/v1/cameras/" + CAMERA
                + "/export.json" + query(query), Map.of());
        assertThat(manifest.statusCode()).isEqualTo(200);
        expect("HTTP export manifest", "recording.export.manifest", OPERATOR, fromLocalhost(), with(times,
                "manifestSha256", sha256));

        assertThat(get(mp4Route, VIEWER, PASSWORD, mp4Path + query(query), Map.of()).statusCode()).isEqualTo(403);
        expect("HTTP export refused to a viewer", "auth.forbidden", VIEWER, fromLocalhost(), Map.of("route",
                mp4Route, "reason", "role viewer < operator"));

        Instant cliStart = segments.get(1)[0].truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Instant cliEnd = cliStart.plusSeconds(4);
        Path out = dir.resolve("cli-export.mp4");
        Cli export = cli(OPERATOR, "export", CAMERA, "--from", cliStart.toString(), "--to", cliEnd.toString(),
                "-o", out.toString());
        assertThat(export.exitCode()).as(export.output()).isZero();
        Map<String, String> cliTimes = Map.of("camera", CAMERA, "stream", "main", "start", cliStart.toString(),
                "end", cliEnd.toString());
        // One path, two rows: the command reads the manifest, then the MP4 it names.
        expect("nvr export", "recording.export.manifest", OPERATOR, fromLocalhost(), cliTimes,
                "manifestSha256");
        expect("nvr export", "recording.export", OPERATOR, fromLocalhost(), with(cliTimes, "status", "200",
                "bytes", Long.toString(Files.size(out))), "manifestSha256");
    }

    // ---- the log

    private void assertRows(List<JsonNode> rows) {
        StringBuilder both = new StringBuilder("expected:\n");
        expected.forEach(e -> both.append("  ").append(e).append('\n'));
        both.append("rows:\n");
        rows.forEach(r -> both.append("  ").append(r).append('\n'));
        assertThat(rows).as("one row per access, nothing else\n" + both).hasSameSizeAs(expected);
        for (int i = 0; i < rows.size(); i++) {
            Expected e = expected.get(i);
            assertThat(e.matches(rows.get(i))).as("row %d is %s\n%s", i, e, both).isTrue();
        }
    }

    /** The rows since {@code since}, oldest first, through {@code GET /api/v1/audit}. */
    private List<JsonNode> auditSince(Instant since) throws Exception {
        List<JsonNode> rows = audit("?from=" + since + "&limit=1000");
        List<JsonNode> oldestFirst = new ArrayList<>(rows);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private List<JsonNode> audit(String query) throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(adminUrl + "/api/v1/audit" + query))
                .header("Authorization", basic(ADMIN, PASSWORD)).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(response.body()).path("entries").forEach(rows::add);
        return rows;
    }

    /** The same through {@code nvr audit --json}, oldest first. */
    private List<JsonNode> cliAudit(Instant since) throws Exception {
        Cli audit = cli(ADMIN, "audit", "--json", "--from", since.toString(), "--limit", "1000");
        assertThat(audit.exitCode()).as(audit.output()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(audit.stdout()).path("entries").forEach(rows::add);
        Collections.reverse(rows);
        return rows;
    }

    private void expect(String path, String action, String user, Predicate<String> remote,
                        Map<String, String> detail, String... detailKeys) {
        exercisedPaths.add(path);
        expected.add(new Expected(path, action, user, remote, detail, Arrays.asList(detailKeys)));
    }

    private static Predicate<String> exact(RawRtspClient client) {
        String remote = LOCALHOST + ":" + client.localPort();
        return new Predicate<>() {
            @Override
            public boolean test(String r) {
                return r.equals(remote);
            }

            @Override
            public String toString() {
                return remote;
            }
        };
    }

    private static Predicate<String> fromLocalhost() {
        return r -> r.matches("127\\.0\\.0\\.1:\\d+");
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> all = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            all.put(pairs[i], pairs[i + 1]);
        }
        return all;
    }

    // ---- helpers

    private RawRtspClient rtsp(String user, String password) throws IOException {
        return new RawRtspClient(LOCALHOST, rtspPort, user, password);
    }

    private String rtspUrl(String path) {
        return "rtsp://127.0.0.1:" + rtspPort + path;
    }

    /** DESCRIBE: the track's control URL. */
    private static String control(RawRtspClient client, String url) throws IOException {
        RawRtspClient.Response describe = client.request("DESCRIBE", url, Map.of("Accept", "application/sdp"));
        assertThat(describe.status()).as("DESCRIBE " + url).isEqualTo(200);
        String control = describe.body().lines().filter(l -> l.startsWith("a=control:") && !l.endsWith("*"))
                .map(l -> l.substring("a=control:".length())).findFirst().orElseThrow();
        String base = describe.header("content-base");
        return control.startsWith("rtsp://") ? control : (base.endsWith("/") ? base : base + "/") + control;
    }

    private static void setupTcp(RawRtspClient client, String url) throws IOException {
        RawRtspClient.Response setup = client.request("SETUP", control(client, url),
                Map.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        assertThat(setup.status()).as("SETUP").isEqualTo(200);
    }

    private static void play(RawRtspClient client, String url, Map<String, String> headers) throws IOException {
        RawRtspClient.Response play = client.request("PLAY", url, headers);
        assertThat(play.status()).as("PLAY " + url + " " + headers + ": " + play.headers()).isEqualTo(200);
    }

    private static int marked(List<RawRtspClient.Frame> frames) {
        int marked = 0;
        for (RawRtspClient.Frame f : frames) {
            if (f.channel() % 2 == 0 && f.payload().length >= 12 && (f.payload()[1] & 0x80) != 0) {
                marked++;
            }
        }
        return marked;
    }

    /** Two UDP sockets on consecutive ports of 127.0.0.1 (RTP even, RTCP next: RFC 3550 §11). */
    private static DatagramSocket[] udpPair() throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 32; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            if (rtp.getLocalPort() % 2 == 0 && rtp.getLocalPort() < 65535) {
                try {
                    return new DatagramSocket[] {rtp, new DatagramSocket(new InetSocketAddress(loopback,
                            rtp.getLocalPort() + 1))};
                } catch (SocketException taken) {
                    rtp.close();
                    continue;
                }
            }
            rtp.close();
        }
        throw new AssertionError("no free pair of UDP ports");
    }

    private HttpResponse<byte[]> get(String route, String user, String password, String path,
                                     Map<String, String> headers) throws Exception {
        exercisedRoutes.add(route);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + path))
                .header("Authorization", basic(user, password)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    private HttpResponse<byte[]> head(String user, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(adminUrl + path)).header("Authorization",
                basic(user, PASSWORD)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String query(Map<String, String> parameters) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> p : new TreeMap<>(parameters).entrySet()) {
            q.append(q.length() == 0 ? '?' : '&').append(p.getKey()).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Polls the live DESCRIBE until the demo camera's hub is up (DESCRIBE is never audited). */
    private void awaitLive() throws Exception {
        await("the demo camera live", () -> {
            try (RawRtspClient client = rtsp(VIEWER, PASSWORD)) {
                return client.request("DESCRIBE", rtspUrl("/" + CAMERA), Map.of("Accept", "application/sdp"))
                        .status() == 200;
            }
        });
    }

    /** Waits for {@code count} complete segments (listing recordings is not audited); their [start, end). */
    private List<Instant[]> awaitSegments(int count) throws Exception {
        List<Instant[]> segments = new ArrayList<>();
        await(count + " segments", () -> {
            segments.clear();
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(adminUrl + "/api/v1/cameras/" + CAMERA
                    + "/recordings" + query(Map.of("from", Instant.now().minusSeconds(3_600).toString(),
                    "to", Instant.now().plusSeconds(60).toString())))).header("Authorization",
                    basic(ADMIN, PASSWORD)).GET());
            for (JsonNode s : JSON.readTree(r.body()).path("segments")) {
                segments.add(new Instant[] {Instant.parse(s.path("start").asText()),
                        Instant.parse(s.path("end").asText())});
            }
            return segments.size() >= count;
        });
        return segments;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    // ---- the packaged NVR

    /** What a client command printed. */
    private record Cli(int exitCode, String stdout, String output) {
    }

    private void addUser(String name, String role) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PackagedNvr.nvr("users", "add", name, "--role", role,
                "--password-stdin", "-c", config.toString()));
        Cli added = run(builder, PASSWORD + "\n");
        assertThat(added.exitCode()).as(added.output()).isZero();
    }

    /** {@code nvr ARGS} against the running server as {@code user}; the password only in the environment. */
    private Cli cli(String user, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PackagedNvr.nvr(args));
        builder.environment().remove("NVR_TOKEN");
        builder.environment().put("NVR_SERVER", adminUrl);
        builder.environment().put("NVR_USER", user);
        builder.environment().put("NVR_PASSWORD", PASSWORD);
        return run(builder, null);
    }

    private Cli run(ProcessBuilder builder, String stdin) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            assertThat(process.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("%s ended", builder.command())
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String output = "exit " + process.exitValue() + "\nstdout:\n" + stdout + "\nstderr:\n"
                + Files.readString(err, StandardCharsets.UTF_8);
        assertThat(output).doesNotContain(PASSWORD);
        return new Cli(process.exitValue(), stdout, output);
    }
}
