package org.nvr.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Objects;

/**
 * GETs of admin API resources that answer an image rather than JSON ({@code snapshot.jpg}): HTTP Basic credentials,
 * a bounded body, error answers turned into {@link ClientFailure}s as {@link AdminClient} does. Redirects are never
 * followed (the credentials would go with them).
 */
public final class ImageClient {
    /** Largest image read: a 4096x4096 JPEG of a busy scene is a few MiB. */
    public static final int MAX_IMAGE_BYTES = 32 * 1024 * 1024;

    private final HttpClient http;
    private final URI server;
    private final String base;
    private final String authorization;

    /**
     * @param server        the admin base URL
     * @param authorization the {@code Authorization} header value (never printed)
     */
    public ImageClient(URI server, String authorization) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(AdminClient.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.server = Objects.requireNonNull(server, "server");
        this.base = server.toString().replaceAll("/+$", "");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
    }

    /**
     * The body of a GET of {@code path}, which must answer 200 with {@code mediaType}.
     *
     * @throws ClientFailure as {@link AdminClient} maps statuses; ERROR for another media type or a body over
     *                       {@link #MAX_IMAGE_BYTES}
     */
    public byte[] get(ApiPath path, String mediaType) throws ClientFailure {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path.pathAndQuery()))
                .timeout(AdminClient.REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", mediaType)
                .GET()
                .build();
        HttpResponse<InputStream> response = AdminExchange.send(http, request, server, AdminClient.REQUEST_TIMEOUT);
        byte[] body = AdminExchange.readBody(response, path, MAX_IMAGE_BYTES);
        int status = response.statusCode();
        if (status != 200) {
            throw ApiError.parse(status, body, new ObjectMapper()).toFailure(path);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith(mediaType)) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "the answer to " + path + " is '"
                    + TextTable.printable(type) + "', not " + mediaType);
        }
        return body;
    }
}
