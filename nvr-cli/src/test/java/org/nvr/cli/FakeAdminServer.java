package org.nvr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Plays the NVR's admin API (docs/api.md) for the client tests: HTTP Basic users with the three roles, the role
 * each route needs, the refusal of unknown fields in {@code POST /api/v1/cameras}, error JSON
 * {@code {"error":{"code":...,"message":...}}}, and canned answers per method and path. Records every request.
 */
final class FakeAdminServer implements AutoCloseable {
    static final String ADMIN = "alice";
    static final String OPERATOR = "olga";
    static final String VIEWER = "bob";
    /** Everyone's password: a phrase that tests look for in every output (it must never appear). */
    static final String PASSWORD = "correct horse battery";

    /** What the client sent. {@code body} is null when there was none. */
    record Request(String method, String path, String query, String contentType, JsonNode body) {
    }

    private record Reply(int status, String json) {
    }

    private enum Role { VIEWER, OPERATOR, ADMIN }

    /** Routes and roles from the table in docs/api.md. */
    private record Route(String method, Pattern path, Role role) {
    }

    private static final String CAMERA = "/api/v1/cameras/[a-z0-9][a-z0-9_-]{0,63}";
    private static final List<Route> ROUTES = List.of(
            new Route("GET", Pattern.compile("/api/v1/cameras"), Role.VIEWER),
            new Route("GET", Pattern.compile(CAMERA), Role.VIEWER),
            new Route("POST", Pattern.compile("/api/v1/cameras"), Role.ADMIN),
            new Route("PUT", Pattern.compile(CAMERA), Role.ADMIN),
            new Route("DELETE", Pattern.compile(CAMERA), Role.ADMIN),
            new Route("POST", Pattern.compile(CAMERA + "/(enable|disable)"), Role.ADMIN),
            new Route("GET", Pattern.compile("/api/v1/discover"), Role.ADMIN),
            new Route("GET", Pattern.compile("/api/v1/audit"), Role.ADMIN),
            new Route("POST", Pattern.compile("/api/v1/reload"), Role.ADMIN),
            new Route("GET", Pattern.compile(CAMERA + "/recordings"), Role.VIEWER),
            new Route("GET", Pattern.compile(CAMERA + "/time"), Role.OPERATOR),
            new Route("POST", Pattern.compile(CAMERA + "/time"), Role.ADMIN),
            new Route("GET", Pattern.compile(CAMERA + "/config"), Role.OPERATOR),
            new Route("PUT", Pattern.compile(CAMERA + "/config"), Role.ADMIN),
            new Route("GET", Pattern.compile(CAMERA + "/ptz/presets"), Role.OPERATOR),
            new Route("POST", Pattern.compile(CAMERA + "/ptz/(move|stop|goto|presets)"), Role.OPERATOR),
            new Route("DELETE", Pattern.compile(CAMERA + "/ptz/presets/[^/]+"), Role.OPERATOR));
    private static final Set<String> CAMERA_FIELDS = Set.of("id", "url", "username", "password", "transport", "onvif");
    private static final Set<String> ONVIF_FIELDS = Set.of("url", "username", "password");

    private final HttpServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeAdminServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        on("GET", "/healthz", 200, "{\"status\":\"ok\"}");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} (path as sent, percent-encoded) with {@code status} and {@code json}. */
    FakeAdminServer on(String method, String path, int status, String json) {
        replies.put(method + " " + path, new Reply(status, json));
        return this;
    }

    /** The one request recorded. */
    Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests);
        }
        return requests.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readNBytes(64 * 1024);
            }
            JsonNode body = bytes.length == 0 ? null : mapper.readTree(bytes);
            requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            if (path.equals("/healthz")) {
                reply(exchange, replies.get("GET /healthz"));
                return;
            }
            Role role = role(exchange.getRequestHeaders().getFirst("Authorization"));
            if (role == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"NVR\"");
                reply(exchange, error(401, "unauthenticated", "bad user name or password"));
                return;
            }
            Route route = ROUTES.stream().filter(r -> r.method.equals(method) && r.path.matcher(path).matches())
                    .findFirst().orElse(null);
            if (route == null) {
                reply(exchange, error(404, "not_found", "no route " + method + " " + path));
                return;
            }
            if (role.compareTo(route.role) < 0) {
                reply(exchange, error(403, "forbidden", "needs the " + route.role.name().toLowerCase() + " role"));
                return;
            }
            if (body != null && !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                reply(exchange, error(400, "bad_request", "the body must be application/json"));
                return;
            }
            if (method.equals("POST") && path.equals("/api/v1/cameras")) {
                String unknown = unknownField(body);
                if (unknown != null) {
                    reply(exchange, error(400, "bad_request", "'" + unknown + "': unknown field"));
                    return;
                }
            }
            Reply canned = replies.get(method + " " + path);
            reply(exchange, canned != null ? canned : error(404, "not_found", "nothing at " + path));
        }
    }

    private static String unknownField(JsonNode body) {
        if (body == null) {
            return "(body)";
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CAMERA_FIELDS.contains(name)) {
                return name;
            }
        }
        for (Iterator<String> names = body.path("onvif").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ONVIF_FIELDS.contains(name)) {
                return "onvif." + name;
            }
        }
        return null;
    }

    private static Role role(String authorization) {
        for (Map.Entry<String, Role> user : Map.of(ADMIN, Role.ADMIN, OPERATOR, Role.OPERATOR, VIEWER, Role.VIEWER)
                .entrySet()) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (user.getKey() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (expected.equals(authorization)) {
                return user.getValue();
            }
        }
        return null;
    }

    static String errorJson(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}}";
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(status, errorJson(code, message));
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.json.isEmpty()) {
            exchange.sendResponseHeaders(reply.status, -1);
            return;
        }
        byte[] bytes = reply.json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** What a command run printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
        /** Both streams, for assertions that something appears nowhere. */
        String all() {
            return out + err;
        }
    }

    /** Runs {@code command} in-process with captured output. */
    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
