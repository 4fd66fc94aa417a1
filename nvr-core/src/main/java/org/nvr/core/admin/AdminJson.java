package org.nvr.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;

/**
 * JSON for the admin API: one configured, thread-safe Jackson mapper. Records are written with their components
 * in declaration order, so the same value always gives the same bytes (export manifests are hashed).
 */
public final class AdminJson {
    private final ObjectMapper mapper = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.INDENT_OUTPUT);

    /** {@code value} as compact UTF-8 JSON. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The mapper, for handlers that read request bodies. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** A 200 JSON response of {@code value}. */
    public AdminResponse.Full ok(Object value) {
        return AdminResponse.json(HttpResponseStatus.OK, write(value));
    }

    /** {@code {"error":{"code":...,"message":...}}} with the code's usual status. */
    public AdminResponse.Full error(ErrorCode code, String message) {
        return error(code.status(), code, message);
    }

    /** {@code {"error":{"code":...,"message":...}}} with another status (e.g. 431 for {@code bad_request}). */
    public AdminResponse.Full error(HttpResponseStatus status, ErrorCode code, String message) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code.token());
        error.put("message", message);
        return AdminResponse.json(status, write(root));
    }
}
