package org.nvr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.Credentials;
import org.nvr.cli.client.ServerTarget;
import org.nvr.core.time.NvrClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nvr export CAMERA --from T --to T -o FILE}: downloads one MP4 of a time range from a running NVR, with
 * its manifest, as evidence. The MP4 goes to {@code FILE.part} and is renamed to {@code FILE} only once complete
 * (length as announced, manifest as stated by the server); {@code FILE.manifest.json} holds the server's manifest
 * and the SHA-256 of the MP4 computed while it was received.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Download a recorded time range as one MP4, with its manifest (FILE.manifest.json).",
            "The password comes from NVR_PASSWORD or the console, never from the command line; with NVR_TOKEN set,"
                + " that API token is sent instead.",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 4 nothing recorded or unknown"
                + " camera, 5 server unreachable."})
final class ExportCommand implements Callable<Integer> {
    /** Camera ids and stream names as the configuration allows them (also safe as URL path segments). */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long the server may take to plan the export before its first byte. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAMERA", description = "Camera id.")
    private String camera;

    @Option(names = "--from", required = true, paramLabel = "T",
            description = "Start, an ISO-8601 instant, e.g. 2025-03-01T09:00:00Z.")
    private Instant from;

    @Option(names = "--to", required = true, paramLabel = "T", description = "End (exclusive), an ISO-8601 instant.")
    private Instant to;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The MP4 to write.")
    private Path output;

    @Option(names = "--stream", defaultValue = "main", paramLabel = "NAME",
            description = "Stream name (default: ${DEFAULT-VALUE}).")
    private String stream;

    @Option(names = "--server", paramLabel = "URL",
            description = "The NVR's admin URL (default: NVR_SERVER, else " + ServerTarget.DEFAULT_SERVER + ").")
    private String serverUrl;

    @Option(names = "--user", paramLabel = "NAME", description = "User name (default: NVR_USER).")
    private String user;

    private final Map<String, String> env;
    private final Console console;
    private final NvrClock clock;

    /** The real environment, console and clock. */
    ExportCommand() {
        this(System.getenv(), System.console(), NvrClock.SYSTEM);
    }

    /** For tests: {@code console} may be null (none attached: no progress bar, no password prompt). */
    ExportCommand(Map<String, String> env, Console console, NvrClock clock) {
        this.env = Map.copyOf(env);
        this.console = console;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            run(err);
            return ExitCodes.OK;
        } catch (ExportFailure e) {
            err.println("export failed: " + e.getMessage());
            return e.exitCode();
        }
    }

    private void run(PrintWriter err) throws ExportFailure {
        if (!ID.matcher(camera).matches() || !ID.matcher(stream).matches()) {
            throw new ExportFailure(ExitCodes.USAGE, "camera and stream must match " + ID.pattern());
        }
        if (!to.isAfter(from)) {
            throw new ExportFailure(ExitCodes.USAGE, "--to " + to + " must be after --from " + from);
        }
        URI server = server();
        String token = env.get(Credentials.NVR_TOKEN);
        String name = user != null ? user : env.get("NVR_USER");
        if (token == null || token.isEmpty()) {
            if (name == null || name.isEmpty()) {
                throw new ExportFailure(ExitCodes.USAGE, "no user: give --user NAME or set NVR_USER (or NVR_TOKEN)");
            }
            if (name.indexOf(':') >= 0) {
                // RFC 7617 §2: the user-id of Basic credentials cannot contain a colon.
                throw new ExportFailure(ExitCodes.USAGE, "a user name cannot contain ':'");
            }
        }
        Path file = output.toAbsolutePath();
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Path sidecar = file.resolveSibling(file.getFileName() + ".manifest.json");
        Path sidecarPart = file.resolveSibling(file.getFileName() + ".manifest.json.part");
        if (Files.exists(file) || Files.exists(sidecar)) {
            throw new ExportFailure(ExitCodes.ERROR, file + " or its manifest exists already: evidence files are"
                    + " never overwritten, choose another name");
        }
        ExportClient client = new ExportClient(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // Never follow a redirect: it would carry the credentials to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), server, token == null || token.isEmpty() ? Credentials.basicAuthorization(name, password())
                : bearer(token), RESPONSE_TIMEOUT);

        String query = "?start=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&end=" + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8)
                + "&stream=" + stream;
        String base = server.toString().replaceAll("/+$", "") + "/api/v1/cameras/" + camera;
        URI manifestUri = URI.create(base + "/export.json" + query);
        URI mp4Uri = URI.create(base + "/export.mp4" + query);

        byte[] manifestBytes = client.getSmall(manifestUri);
        String manifestSha256 = HexFormat.of().formatHex(ExportClient.sha256().digest(manifestBytes));
        JsonNode manifest = parseManifest(manifestBytes);
        boolean terminal = console != null;
        ExportClient.Downloaded mp4 = client.download(mp4Uri, manifestSha256, part,
                length -> new TransferProgress(err, terminal, clock, length));
        try {
            JsonNode announced = manifest.get("contentLength");
            if (announced != null && announced.canConvertToLong() && announced.asLong() != mp4.bytes()) {
                throw new ExportFailure(ExitCodes.ERROR, "the manifest says " + announced.asLong() + " bytes, the"
                        + " download has " + mp4.bytes());
            }
            writeSidecar(sidecarPart, file, mp4, manifestSha256, mp4Uri, manifest);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            Files.move(sidecarPart, sidecar, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            cleanUp(e, part, sidecarPart);
            throw new ExportFailure(ExitCodes.ERROR, "cannot write " + file + ": " + e, e);
        } catch (ExportFailure | RuntimeException e) {
            cleanUp(e, part, sidecarPart);
            throw e;
        }
        err.println("wrote " + file + " (" + mp4.bytes() + " bytes, SHA-256 " + mp4.sha256() + ") and " + sidecar);
        err.flush();
    }

    private URI server() throws ExportFailure {
        try {
            return ServerTarget.parseServer(serverUrl != null ? serverUrl
                    : env.getOrDefault("NVR_SERVER", ServerTarget.DEFAULT_SERVER));
        } catch (ClientFailure e) {
            throw new ExportFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    private static String bearer(String token) throws ExportFailure {
        try {
            return Credentials.bearerAuthorization(token);
        } catch (ClientFailure e) {
            throw new ExportFailure(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    private char[] password() throws ExportFailure {
        String fromEnv = env.get("NVR_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        char[] typed = PasswordInput.fromConsoleOnce(console, "Password");
        if (typed == null) {
            throw new ExportFailure(ExitCodes.USAGE, "no password: set NVR_PASSWORD or run from a terminal");
        }
        return typed;
    }

    private static JsonNode parseManifest(byte[] bytes) throws ExportFailure {
        try {
            JsonNode manifest = new ObjectMapper().readTree(bytes);
            if (manifest == null || !manifest.isObject()) {
                throw new ExportFailure(ExitCodes.ERROR, "the NVR's manifest is not a JSON object");
            }
            return manifest;
        } catch (IOException e) {
            throw new ExportFailure(ExitCodes.ERROR, "the NVR's manifest is not JSON: " + e.getMessage(), e);
        }
    }

    /** The sidecar: what was downloaded, its hash, and the server's manifest as it came. */
    private void writeSidecar(Path sidecarPart, Path file, ExportClient.Downloaded mp4, String manifestSha256,
                              URI source, JsonNode manifest) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("file", file.getFileName().toString());
        root.put("bytes", mp4.bytes());
        root.put("sha256", mp4.sha256());
        root.put("source", source.toString());
        root.put("downloadedAt", clock.wallNow().toString());
        root.put("manifestSha256", manifestSha256);
        root.set("manifest", manifest);
        ByteBuffer json;
        try {
            json = ByteBuffer.wrap(mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write the manifest sidecar as JSON", e);
        }
        try (FileChannel out = FileChannel.open(sidecarPart, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (json.hasRemaining()) {
                out.write(json);
            }
            // Forced like the MP4: the pair is renamed into place only once both are on disk.
            out.force(true);
        }
    }

    private static void cleanUp(Exception cause, Path... files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
