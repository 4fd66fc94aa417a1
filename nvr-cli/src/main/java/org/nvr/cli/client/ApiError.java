package org.nvr.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An error answer of the admin API, {@code {"error":{"code":"not_found","message":"no camera 'gate'"}}}
 * (docs/api.md), turned into the failure the user reads: {@code <message> (<code>)}. Bodies of another shape
 * (a reverse proxy's HTML page) give a message from the status code and the start of the body.
 *
 * @param status  the HTTP status
 * @param code    the stable error code, when the body had one
 * @param message the server's message, when the body had one
 */
public record ApiError(int status, Optional<String> code, Optional<String> message) {
    /** Most of a non-JSON error body quoted in a message, characters. */
    static final int MAX_QUOTED_CHARS = 200;

    /** The error in {@code body} of a response with {@code status}. */
    static ApiError parse(int status, byte[] body, ObjectMapper mapper) {
        try {
            JsonNode error = mapper.readTree(body).path("error");
            JsonNode code = error.path("code");
            JsonNode message = error.path("message");
            if (code.isTextual() && message.isTextual()) {
                return new ApiError(status, Optional.of(code.asText()), Optional.of(message.asText()));
            }
        } catch (IOException e) {
            // Not JSON: fall through to the status code, with the body quoted below.
        }
        String text = TextTable.printable(new String(body, StandardCharsets.UTF_8).strip());
        return new ApiError(status, Optional.empty(), text.isEmpty() ? Optional.empty()
                : Optional.of(text.length() > MAX_QUOTED_CHARS ? text.substring(0, MAX_QUOTED_CHARS) + "..." : text));
    }

    /** The failure for this error: 401/403 AUTH, 404 NOT_FOUND, anything else ERROR. */
    ClientFailure toFailure(ApiPath path) {
        ClientFailure.Kind kind = status == 401 || status == 403 ? ClientFailure.Kind.AUTH
                : status == 404 ? ClientFailure.Kind.NOT_FOUND : ClientFailure.Kind.ERROR;
        if (code.isPresent()) {
            return new ClientFailure(kind, TextTable.printable(message.orElse("")) + " ("
                    + TextTable.printable(code.get()) + ")");
        }
        String detail = message.map(m -> ": " + m).orElse("");
        switch (status) {
            case 401:
                return new ClientFailure(kind, "the NVR refused the user name or password (HTTP 401)" + detail);
            case 403:
                return new ClientFailure(kind, "the user's role does not allow this (HTTP 403)" + detail);
            case 404:
                return new ClientFailure(kind, "not found (HTTP 404): " + path + detail);
            default:
                return new ClientFailure(kind, "the NVR answered HTTP " + status + detail);
        }
    }
}
