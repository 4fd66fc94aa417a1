package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.testing.FreePorts;
import org.nvr.core.testing.Peers;
import org.nvr.core.testing.ProcessRunner;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.fake.FakeOnvifDevice.Raw;

/**
 * Secrets never reach the logs: the packaged NVR ({@code target/nvr.jar}) runs with every logger at DEBUG (logback
 * root, so org.nvr and io.netty; java.util.logging at ALL for org.nvr, where the ONVIF module's System.Logger lines
 * go) and admin TLS on, while every path a secret takes through the process is used, right and wrong:
 * <ul>
 *   <li>the admin user's password over HTTP Basic, RTSP Digest and RTSP Basic ({@code rtsp.allowBasic: true}), and
 *       through the {@code nvr} command from {@code NVR_PASSWORD};</li>
 *   <li>an API token made with {@code nvr tokens create}, sent as Bearer over HTTP and from {@code NVR_TOKEN}, and a
 *       wrong one;</li>
 *   <li>camera passwords: a camera of nvr.yaml whose password is first wrong and then, by {@code nvr reload},
 *       right; a camera added with {@code nvr cameras add} and {@code NVR_CAMERA_PASSWORD}; URLs with inline
 *       credentials through the API and through a SIGHUP reload, both refused. These cameras are the NVR's own
 *       RTSP re-stream of its demo camera, which demands Digest: the camera password is an NVR user's, so the
 *       NVR's RTSP client really sends it and its RTSP server really checks it;</li>
 *   <li>an ONVIF camera ({@link FakeOnvifDevice}, WS-Security UsernameToken) added with a wrong and then the
 *       right password, whose GetStreamUri answers a URL with inline credentials;</li>
 *   <li>the admin endpoint's TLS private key.</li>
 * </ul>
 * Then every byte the processes wrote (the server's stdout and stderr, each {@code nvr} command's output, the files
 * under the data directory but the H2 database and the recordings) and the audit rows are searched for every
 * secret in every form {@link SecretScanner} knows. The scan is checked to find each form planted in a copy of the
 * log, and the log to hold the events of each path, so that neither a broken scan nor an unused path passes.
 */
class SecretsInLogsIT {
    private static final String REALM = "NVR";
    private static final String ADMIN = "admin1";
    private static final String ADMIN_PASSWORD = "Adm1n pass@word/42";
    private static final String WRONG_ADMIN_PASSWORD = "Wr0ng adm1n guess";
    /** The NVR user the nvr.yaml camera signs in as; its password is the camera password. */
    private static final String CAMERA_USER = "camuser";
    private static final String CAMERA_PASSWORD = "Cam-N3w-S3cret#2";
    private static final String OLD_CAMERA_PASSWORD = "Cam-0ld-S3cret#1";
    private static final String API_CAMERA_USER = "apicam";
    private static final String API_CAMERA_PASSWORD = "Ap1-Cam:S3cret&3";
    private static final String INLINE_API_SECRET = "Inl1neUrlS3cret4";
    private static final String INLINE_YAML_SECRET = "Inl1neYamlS3cret5";
    private static final String ONVIF_USER = "onvifcam";
    private static final String ONVIF_PASSWORD = "0nvif-Pa55/w0rd6";
    private static final String WRONG_ONVIF_PASSWORD = "0nvif-Wr0ng-Guess7";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path data;
    private Path config;
    private Path serverOut;
    private Path serverErr;
    private int rtspPort;
    private int adminPort;
    private int demoPort;
    private Path certificate;
    private Path privateKey;
    private Path trustStore;
    private final List<Path> cliOutputs = new ArrayList<>();
    private int cliRuns;

    @Test
    void noSecretInAnyFormReachesStdoutStderrOrLogFiles() throws Exception {
        Peers.require("openssl (Debian package: openssl)", Peers.has("openssl"));
        data = dir.resolve("data");
        config = dir.resolve("nvr.yaml");
        serverOut = dir.resolve("server.out");
        serverErr = dir.resolve("server.err");
        rtspPort = FreePorts.tcpPort();
        adminPort = FreePorts.tcpPort();
        demoPort = FreePorts.tcpPort();
        makeKeyPair();
        Files.writeString(config, yaml(cameraYaml(CAMERA_USER, OLD_CAMERA_PASSWORD)), StandardCharsets.UTF_8);
        addUser(ADMIN, "admin", ADMIN_PASSWORD);
        addUser(CAMERA_USER, "viewer", CAMERA_PASSWORD);
        addUser(API_CAMERA_USER, "viewer", API_CAMERA_PASSWORD);
        addUser(ONVIF_USER, "viewer", ONVIF_PASSWORD);

        Path logback = Files.writeString(dir.resolve("logback-debug.xml"), "<configuration>\n"
                + "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <encoder><pattern>%d %-5level [%thread] %logger - %msg%n%ex</pattern></encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"DEBUG\"><appender-ref ref=\"STDOUT\"/></root>\n"
                + "</configuration>\n");
        Path jul = Files.writeString(dir.resolve("logging.properties"), "handlers=java.util.logging.ConsoleHandler\n"
                + "java.util.logging.ConsoleHandler.level=ALL\n.level=INFO\norg.nvr.level=ALL\n");
        Process server = new ProcessBuilder(PackagedNvr.command(List.of("-Dlogback.configurationFile=" + logback,
                "-Djava.util.logging.config.file=" + jul), "run", "-c", config.toString()))
                .redirectOutput(serverOut.toFile()).redirectError(serverErr.toFile()).start();
        String token;
        String audit;
        SecretScanner scanner;
        try (FakeOnvifDevice onvif = onvifCamera()) {
            awaitLog("NVR started");
            HttpClient https = HttpClient.newBuilder().sslContext(trusting()).connectTimeout(Duration.ofSeconds(5))
                    .build();

            // The nvr.yaml camera with the old password: refused by the RTSP server, retried by the client.
            awaitLog("RTSP authentication failed for user '" + CAMERA_USER + "'");
            awaitLog("camera yamlcam/main: ");

            // The admin password: HTTP Basic, RTSP Digest and Basic, the nvr command; right and wrong.
            assertThat(get(https, "/api/v1/cameras", basic(ADMIN, ADMIN_PASSWORD)).statusCode()).isEqualTo(200);
            assertThat(get(https, "/api/v1/cameras", basic(ADMIN, WRONG_ADMIN_PASSWORD)).statusCode())
                    .isEqualTo(401);
            assertThat(rtspDigest(ADMIN_PASSWORD)).isEqualTo(200);
            assertThat(rtspDigest(WRONG_ADMIN_PASSWORD)).isEqualTo(401);
            assertThat(rtspBasic(ADMIN_PASSWORD)).isEqualTo(200);
            assertThat(rtspBasic(WRONG_ADMIN_PASSWORD)).isEqualTo(401);
            assertThat(cli(Map.of("NVR_PASSWORD", ADMIN_PASSWORD), "cameras", "list").exitCode()).isZero();
            assertThat(cli(Map.of("NVR_PASSWORD", WRONG_ADMIN_PASSWORD), "cameras", "list").exitCode())
                    .isEqualTo(ExitCodes.AUTH_FAILURE);

            // An API token: made by the nvr command (which prints it once, by design), used as Bearer; a wrong one.
            ProcessRunner.Result created = cli(Map.of("NVR_PASSWORD", ADMIN_PASSWORD), "tokens", "create",
                    "logscan");
            assertThat(created.exitCode()).as(created.describe()).isZero();
            token = created.stdout().strip();
            assertThat(token).startsWith("nvr_");
            // Its stdout is still scanned for everything else.
            Path shown = cliOutputs.get(cliOutputs.size() - 2);
            Files.writeString(shown, Files.readString(shown).replace(token, "(the token, shown once)"));
            assertThat(get(https, "/api/v1/cameras", "Bearer " + token).statusCode()).isEqualTo(200);
            String wrongToken = "nvr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
            assertThat(get(https, "/api/v1/cameras", "Bearer " + wrongToken).statusCode()).isEqualTo(401);
            assertThat(cli(Map.of("NVR_TOKEN", token), "cameras", "list").exitCode()).isZero();
            assertThat(cli(Map.of("NVR_TOKEN", wrongToken), "cameras", "list").exitCode())
                    .isEqualTo(ExitCodes.AUTH_FAILURE);

            // A camera added at run time with its password from NVR_CAMERA_PASSWORD.
            ProcessRunner.Result added = cli(Map.of("NVR_PASSWORD", ADMIN_PASSWORD, "NVR_CAMERA_PASSWORD",
                    API_CAMERA_PASSWORD), "cameras", "add", "apicam", "--url", restreamUrl(), "--username",
                    API_CAMERA_USER);
            assertThat(added.exitCode()).as(added.describe()).isZero();
            awaitLog("camera apicam/main: playing over");

            // Inline credentials: refused by the API, and by a reload (SIGHUP).
            HttpResponse<String> inline = post(https, "/api/v1/cameras", "{\"id\":\"inline\",\"url\":\"rtsp://"
                    + CAMERA_USER + ":" + INLINE_API_SECRET + "@127.0.0.1:" + rtspPort + "/demo\"}");
            assertThat(inline.statusCode()).as(inline.body()).isEqualTo(400);
            assertThat(inline.body()).doesNotContain(INLINE_API_SECRET);
            Files.writeString(config, yaml(cameraYaml(CAMERA_USER, OLD_CAMERA_PASSWORD) + "  - id: inlinecam\n"
                    + "    url: rtsp://" + CAMERA_USER + ":" + INLINE_YAML_SECRET + "@127.0.0.1:" + rtspPort
                    + "/demo\n"), StandardCharsets.UTF_8);
            ProcessRunner.Result hup = ProcessRunner.run(List.of("kill", "-HUP", Long.toString(server.pid())),
                    Duration.ofSeconds(10));
            assertThat(hup.exitCode()).as(hup.describe()).isZero();
            awaitLog("configuration reload refused");

            // The nvr.yaml camera's password changed, applied by nvr reload: now it records.
            Files.writeString(config, yaml(cameraYaml(CAMERA_USER, CAMERA_PASSWORD)), StandardCharsets.UTF_8);
            ProcessRunner.Result reload = cli(Map.of("NVR_PASSWORD", ADMIN_PASSWORD), "reload");
            assertThat(reload.exitCode()).as(reload.describe()).isZero();
            awaitLog("camera yamlcam/main: playing over");

            // ONVIF: a wrong password refused by the device, then the right one; the stream URL it answers
            // carries the credentials inline.
            HttpResponse<String> wrongOnvif = post(https, "/api/v1/cameras", onvifBody(onvif, WRONG_ONVIF_PASSWORD));
            assertThat(wrongOnvif.statusCode()).as(wrongOnvif.body()).isNotEqualTo(201);
            HttpResponse<String> rightOnvif = post(https, "/api/v1/cameras", onvifBody(onvif, ONVIF_PASSWORD));
            assertThat(rightOnvif.statusCode()).as(rightOnvif.body()).isEqualTo(201);
            awaitLog("camera onvif1/main: playing over");
            assertThat(onvif.httpRequests()).as("requests the fake ONVIF device answered").isGreaterThan(3);

            HttpResponse<String> auditRows = get(https, "/api/v1/audit?limit=1000", basic(ADMIN, ADMIN_PASSWORD));
            assertThat(auditRows.statusCode()).isEqualTo(200);
            audit = auditRows.body();
            scanner = new SecretScanner()
                    .password("admin password", ADMIN, ADMIN_PASSWORD, REALM)
                    .password("wrong admin password", ADMIN, WRONG_ADMIN_PASSWORD, REALM)
                    .password("camera password", CAMERA_USER, CAMERA_PASSWORD, REALM)
                    .password("old camera password", CAMERA_USER, OLD_CAMERA_PASSWORD, REALM)
                    .password("API camera password", API_CAMERA_USER, API_CAMERA_PASSWORD, REALM)
                    .password("inline URL secret (API)", CAMERA_USER, INLINE_API_SECRET, REALM)
                    .password("inline URL secret (nvr.yaml)", CAMERA_USER, INLINE_YAML_SECRET, REALM)
                    .password("ONVIF password", ONVIF_USER, ONVIF_PASSWORD, REALM)
                    .password("wrong ONVIF password", ONVIF_USER, WRONG_ONVIF_PASSWORD, REALM)
                    .token("API token", token)
                    .token("wrong API token", wrongToken)
                    .pemKey("TLS private key", privateKey);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertThat(server.exitValue()).as("exit code after SIGTERM").isZero();

        String out = Files.readString(serverOut);
        String err = Files.readString(serverErr);
        assertEventsLogged(out, err, audit);
        checkTheScannerFindsEveryForm(scanner, out);

        Map<String, String> scanned = new LinkedHashMap<>();
        scanned.put(serverOut.toString(), out);
        scanned.put(serverErr.toString(), err);
        scanned.put("GET /api/v1/audit", audit);
        for (Path file : cliOutputs) {
            scanned.put(file.toString(), Files.readString(file));
        }
        List<Path> dataFiles = dataFiles();
        for (Path file : dataFiles) {
            scanned.put(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
        List<SecretScanner.Finding> findings = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, String> e : scanned.entrySet()) {
            findings.addAll(scanner.scan(e.getKey(), e.getValue()));
            bytes += e.getValue().length();
        }
        assertThat(findings).as("secrets found in " + scanned.keySet()).isEmpty();

        ReliabilityReport.row("secrets in logs", scanner.secretCount() + " secrets (" + scanner.forms().size()
                + " forms) through 12 paths (HTTP Basic, Bearer, RTSP Digest and Basic, nvr command, camera in"
                + " nvr.yaml, reload, SIGHUP, API camera, inline URLs, ONVIF, TLS key), right and wrong, at DEBUG",
                12, "no secret in any form in " + scanned.size() + " outputs (" + bytes + " characters: server"
                        + " stdout and stderr, " + cliOutputs.size() + " command outputs, the audit rows, "
                        + dataFiles.size() + " data-directory files besides the database and video)", "0", "pass");
    }

    /** The paths were really taken: each left its line in the log or its row in the audit. */
    private void assertEventsLogged(String out, String err, String audit) {
        assertThat(out).contains("admin HTTPS endpoint listening")
                .contains("RTSP authentication failed for user '" + ADMIN + "'")
                .contains("RTSP authentication failed for user '" + CAMERA_USER + "'")
                .containsPattern("camera yamlcam/main: .*retrying in")
                .contains("camera yamlcam/main: playing over")
                .contains("camera apicam/main: playing over")
                .contains("camera onvif1/main: playing over")
                .contains("configuration reload refused")
                .contains("configuration reloaded from")
                .contains("DEBUG")
                // Unpadded Basic credentials were once read as two (AuthChallenge); the wrong one is unpadded.
                .doesNotContain("must hold one credential");
        assertThat(err).as("java.util.logging at ALL: the ONVIF SOAP calls").contains("GetProfiles");
        assertThat(audit).contains("auth.failure").contains("camera.add").contains("token.create");
    }

    /**
     * The scan must be able to fail: each form of each secret, written into a line of a copy of the log, is found
     * there, and nothing else is.
     */
    private void checkTheScannerFindsEveryForm(SecretScanner scanner, String log) throws IOException {
        Path copy = dir.resolve("server-copy.out");
        for (SecretScanner.Form form : scanner.forms()) {
            Files.writeString(copy, log + "2026-12-06 DEBUG [main] planted - Authorization: x" + form.text()
                    + "y\n", StandardCharsets.UTF_8);
            assertThat(scanner.scan(copy)).as("planted " + form).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.form().secret()).isEqualTo(form.secret()));
        }
        assertThat(scanner.forms()).as("forms searched").hasSizeGreaterThan(60);
    }

    /** Files under the data directory but the H2 database (it must hold camera passwords) and the video. */
    private List<Path> dataFiles() throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".mv.db"))
                    .filter(p -> !p.toString().endsWith(".mp4")).toList();
        }
    }

    private String yaml(String cameras) {
        return "dataDir: " + data + "\n"
                + "demo:\n  enabled: true\n  port: " + demoPort + "\n"
                + "rtsp:\n  bind: 127.0.0.1\n  port: " + rtspPort + "\n  allowBasic: true\n"
                + "admin:\n  bind: 127.0.0.1\n  port: " + adminPort + "\n"
                + "  tls:\n    certificate: " + certificate + "\n    privateKey: " + privateKey + "\n"
                + "record:\n  segmentDuration: 10s\n"
                + "cameras:\n" + cameras;
    }

    private String cameraYaml(String user, String password) {
        return "  - id: yamlcam\n    url: " + restreamUrl() + "\n    username: " + user + "\n    password: '"
                + password + "'\n    stallTimeout: 5s\n";
    }

    /** The NVR's own re-stream of its demo camera, which demands an NVR user. */
    private String restreamUrl() {
        return "rtsp://127.0.0.1:" + rtspPort + "/demo";
    }

    private FakeOnvifDevice onvifCamera() throws IOException {
        // WS-Security UsernameToken only: the fake's HTTP Digest mode also demands it for GetSystemDateAndTime,
        // which ONVIF Core §5.9.1 lets a client call unauthenticated and which our client sends so.
        FakeOnvifDevice fake = new FakeOnvifDevice("axis", ONVIF_USER, ONVIF_PASSWORD.toCharArray());
        String uri = "rtsp://" + ONVIF_USER + ":" + URLEncoder.encode(ONVIF_PASSWORD, StandardCharsets.UTF_8)
                + "@127.0.0.1:" + rtspPort + "/demo";
        fake.override("GetStreamUri", Raw.soap(200, ("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/"
                + "soap-envelope\" xmlns:tr2=\"http://www.onvif.org/ver20/media/wsdl\"><env:Body>"
                + "<tr2:GetStreamUriResponse><tr2:Uri>" + uri + "</tr2:Uri></tr2:GetStreamUriResponse></env:Body>"
                + "</env:Envelope>").getBytes(StandardCharsets.UTF_8)));
        return fake;
    }

    private static String onvifBody(FakeOnvifDevice fake, String password) {
        return "{\"id\":\"onvif1\",\"onvif\":{\"url\":\"" + fake.deviceUri() + "\",\"username\":\"" + ONVIF_USER
                + "\",\"password\":\"" + password + "\"}}";
    }

    private int rtspDigest(String password) throws IOException {
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", rtspPort, ADMIN, password)) {
            return client.request("DESCRIBE", restreamUrl(), Map.of("Accept", "application/sdp")).status();
        }
    }

    private int rtspBasic(String password) throws IOException {
        try (RawRtspClient client = new RawRtspClient("127.0.0.1", rtspPort, null, null)) {
            return client.request("DESCRIBE", restreamUrl(), Map.of("Accept", "application/sdp",
                    "Authorization", basic(ADMIN, password))).status();
        }
    }

    private HttpResponse<String> get(HttpClient https, String path, String authorization) throws Exception {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient https, String path, String json) throws Exception {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", basic(ADMIN, ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code nvr users add} offline, the password on stdin; its output is scanned too. */
    private void addUser(String name, String role, String password) throws Exception {
        Path out = dir.resolve("cli-" + (++cliRuns) + ".out");
        Process p = new ProcessBuilder(PackagedNvr.nvr("users", "add", name, "--role", role, "--password-stdin",
                "-c", config.toString())).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        cliOutputs.add(out);
    }

    /**
     * An admin client command against the running server, trusting its certificate; stdout and stderr are kept
     * in files for the scan (the last two added are this run's).
     */
    private ProcessRunner.Result cli(Map<String, String> env, String... args) {
        List<String> command = PackagedNvr.command(List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=changeit"), args);
        command.addAll(List.of("--server", "https://127.0.0.1:" + adminPort));
        if (!env.containsKey("NVR_TOKEN")) {
            command.addAll(List.of("--user", ADMIN));
        }
        // ProcessRunner passes its own environment; the variables go through env(1).
        List<String> withEnv = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> withEnv.add(k + "=" + v));
        withEnv.addAll(command);
        ProcessRunner.Result result = ProcessRunner.run(withEnv, Duration.ofSeconds(60));
        try {
            int run = ++cliRuns;
            Path out = Files.writeString(dir.resolve("cli-" + run + ".out"), result.stdout());
            Path err = Files.writeString(dir.resolve("cli-" + run + ".err"), result.stderr());
            cliOutputs.add(out);
            cliOutputs.add(err);
        } catch (IOException e) {
            throw new AssertionError("cannot keep the command's output", e);
        }
        return result;
    }

    /** A P-256 key and self-signed certificate for 127.0.0.1, and a PKCS#12 trust store holding it. */
    private void makeKeyPair() throws Exception {
        certificate = dir.resolve("tls.crt");
        privateKey = dir.resolve("tls.key");
        ProcessRunner.Result made = ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", privateKey.toString(), "-out",
                certificate.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"), Duration.ofSeconds(30));
        assertThat(made.succeeded()).as(made.describe()).isTrue();
        trustStore = dir.resolve("trust.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("nvr", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (var out = Files.newOutputStream(trustStore)) {
            store.store(out, "changeit".toCharArray());
        }
    }

    private SSLContext trusting() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(serverOut).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in the server's stdout within " + WAIT + "; stderr:\n"
                + tail(Files.readString(serverErr)) + "\nstdout:\n" + tail(Files.readString(serverOut)));
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
