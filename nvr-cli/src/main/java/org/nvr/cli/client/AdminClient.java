package org.nvr.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of the NVR's admin HTTP API (docs/api.md): JSON requests with HTTP Basic credentials, answers parsed as
 * JSON, error answers turned into {@link ClientFailure}s with the server's message and code. Redirects are never
 * followed: they would carry the credentials to wherever they point.
 */
public final class AdminClient {
    /** How long to wait for the TCP (and TLS) connection. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for an answer, unless a call says otherwise (discovery waits for the cameras). */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Largest answer read: a listing of hundreds of cameras is well under 1 MiB. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final URI server;
    private final String base;
    private final String authorization;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param server        the admin base URL (a path prefix is kept, for NVRs behind a reverse proxy)
     * @param authorization the {@code Authorization} header value (never printed)
     */
    public AdminClient(URI server, String authorization) {
        this(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), server, authorization);
    }

    AdminClient(HttpClient http, URI server, String authorization) {
        this.http = Objects.requireNonNull(http, "http");
        this.server = Objects.requireNonNull(server, "server");
        this.base = server.toString().replaceAll("/+$", "");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
    }

    /** The admin base URL, for messages. */
    public URI server() {
        return server;
    }

    /** The answer to a GET, {@link MissingNode} for an empty body. */
    public JsonNode get(ApiPath path) throws ClientFailure {
        return send("GET", path, null, REQUEST_TIMEOUT);
    }

    /** The answer to a GET that may take {@code timeout}. */
    public JsonNode get(ApiPath path, Duration timeout) throws ClientFailure {
        return send("GET", path, null, timeout);
    }

    /** The answer to a POST of {@code body} (null: an empty body). */
    public JsonNode post(ApiPath path, JsonNode body) throws ClientFailure {
        return send("POST", path, body, REQUEST_TIMEOUT);
    }

    /** The answer to a PUT of {@code body}. */
    public JsonNode put(ApiPath path, JsonNode body) throws ClientFailure {
        return send("PUT", path, Objects.requireNonNull(body, "body"), REQUEST_TIMEOUT);
    }

    /** The answer to a DELETE. */
    public JsonNode delete(ApiPath path) throws ClientFailure {
        return send("DELETE", path, null, REQUEST_TIMEOUT);
    }

    private JsonNode send(String method, ApiPath path, JsonNode body, Duration timeout) throws ClientFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.pathAndQuery()))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body != null) {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("request body cannot be written as JSON", e);
            }
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response = AdminExchange.send(http, request.build(), server, timeout);
        byte[] bytes = AdminExchange.readBody(response, path, MAX_BODY_BYTES);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(bytes, path);
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").map(TextTable::printable).orElse("nowhere");
            throw new ClientFailure(ClientFailure.Kind.ERROR, "the NVR answered HTTP " + status + " redirecting to "
                    + location + "; not followed (the credentials would go with it): give the final URL as"
                    + " --server");
        }
        throw ApiError.parse(status, bytes, mapper).toFailure(path);
    }

    private JsonNode parse(byte[] bytes, ApiPath path) throws ClientFailure {
        if (bytes.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "the answer to " + path + " is not JSON: "
                    + TextTable.printable(e.getMessage()), e);
        }
    }
}
