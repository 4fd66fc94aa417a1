package org.nvr.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a JSON request body field by field, so that every refusal names the field ({@code 'onvif.url': must be
 * http or https}) and never echoes a value that might be a password. Unknown fields are refused: a typo must not
 * silently become a default.
 */
final class JsonBody {
    private final JsonNode node;
    private final String prefix;

    private JsonBody(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /**
     * The body as a JSON object.
     *
     * @throws IllegalArgumentException if it is empty, not JSON or not an object (the parser's message is not
     *                                  passed on: it quotes the text, which may hold a password)
     */
    static JsonBody parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        return new JsonBody(root, "");
    }

    /** Refuses fields outside {@code allowed}, naming the first. */
    JsonBody allowOnly(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("'" + path(name) + "': unknown field");
            }
        }
        return this;
    }

    /** The field's full name for messages, e.g. {@code onvif.url}. */
    String path(String name) {
        return prefix + name;
    }

    boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** A string field of at most {@code maxChars}, if present. */
    Optional<String> string(String name, int maxChars) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + path(name) + "': must be a string");
        }
        String text = value.asText();
        if (text.isEmpty() || text.length() > maxChars) {
            throw new IllegalArgumentException("'" + path(name) + "': must be 1.." + maxChars + " characters");
        }
        return Optional.of(text);
    }

    /** A string field of {@code minChars..maxChars}, if present (the value is never quoted in the refusal). */
    Optional<String> string(String name, int minChars, int maxChars) {
        Optional<String> text = string(name, maxChars);
        if (text.isPresent() && text.get().length() < minChars) {
            throw new IllegalArgumentException("'" + path(name) + "': must be " + minChars + ".." + maxChars
                    + " characters");
        }
        return text;
    }

    /** A required string field. */
    String requiredString(String name, int maxChars) {
        return string(name, maxChars).orElseThrow(
                () -> new IllegalArgumentException("'" + path(name) + "': required"));
    }

    /** An integer field within {@code min..max}, if present. */
    Optional<Integer> integer(String name, int min, int max) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > max) {
            throw new IllegalArgumentException("'" + path(name) + "': must be an integer in " + min + ".." + max);
        }
        return Optional.of(value.intValue());
    }

    /** A number field, if present. */
    Optional<Double> number(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + path(name) + "': must be a number");
        }
        return Optional.of(value.doubleValue());
    }

    /** A boolean field, if present. */
    Optional<Boolean> bool(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("'" + path(name) + "': must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    /** A nested object field, if present; its fields are named {@code name.field}. */
    Optional<JsonBody> object(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = node.get(name);
        if (!value.isObject()) {
            throw new IllegalArgumentException("'" + path(name) + "': must be an object");
        }
        return Optional.of(new JsonBody(value, path(name) + "."));
    }
}
