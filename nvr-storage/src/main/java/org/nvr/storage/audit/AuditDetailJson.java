package org.nvr.storage.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An audit row's {@code detail} (and an event's payload): a compact JSON object of strings, in insertion order,
 * at most a given number of characters. A detail that does not fit loses its trailing fields and gains
 * {@code "truncated":"true"}, so the column always holds valid JSON (cutting the text would not).
 */
public final class AuditDetailJson {
    /** The marker field added when fields were dropped. */
    static final String TRUNCATED_KEY = "truncated";
    /** Key under which a stored detail that is not a JSON object of strings comes back, as it is. */
    static final String UNPARSED_KEY = "unparsed";
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final int maxChars;

    /** @param maxChars longest JSON text written (the column's size); room for at least the marker */
    public AuditDetailJson(ObjectMapper mapper, int maxChars) {
        this.mapper = mapper;
        this.maxChars = maxChars;
        if (maxChars < marker().length() + 2) {
            throw new IllegalArgumentException("maxChars too small for the truncation marker: " + maxChars);
        }
    }

    /** {@code detail} as JSON, at most {@code maxChars} characters. */
    public String write(Map<String, String> detail) {
        String full = json(detail);
        if (full.length() <= maxChars) {
            return full;
        }
        // Keep the leading fields that fit beside the marker: {"k1":"v1",...,"truncated":"true"}. Sizes come from
        // the same mapper's escaping, so they add up to what the generator writes.
        int budget = maxChars - 2 - marker().length();
        Map<String, String> kept = new LinkedHashMap<>();
        int used = 0;
        for (Map.Entry<String, String> e : detail.entrySet()) {
            if (e.getKey() == null || TRUNCATED_KEY.equals(e.getKey())) {
                continue;
            }
            int size = quoted(e.getKey()).length() + 1 + (e.getValue() == null ? 4 : quoted(e.getValue()).length())
                    + 1;
            if (used + size > budget) {
                break;
            }
            kept.put(e.getKey(), e.getValue());
            used += size;
        }
        kept.put(TRUNCATED_KEY, "true");
        return json(kept);
    }

    /** A stored detail; a text that is not a JSON object of strings comes back whole under {@link #UNPARSED_KEY}. */
    public Map<String, String> read(String text) {
        try {
            Map<String, String> map = mapper.readValue(text, MAP);
            return map == null ? Map.of(UNPARSED_KEY, text) : map;
        } catch (JsonProcessingException e) {
            return Map.of(UNPARSED_KEY, text);
        }
    }

    private String json(Map<String, String> detail) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : detail.entrySet()) {
                if (e.getKey() == null) {
                    // JSON has no null names; AuditEntry's map could hold one, and it would say nothing anyway.
                    continue;
                }
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private String quoted(String text) {
        try {
            return mapper.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a string as JSON", e);
        }
    }

    private String marker() {
        return quoted(TRUNCATED_KEY) + ":" + quoted("true");
    }
}
