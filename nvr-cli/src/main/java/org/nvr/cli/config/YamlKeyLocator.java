package org.nvr.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Finds the line of a key path (e.g. {@code cameras[0].transport}) in YAML text, for error messages. */
final class YamlKeyLocator {
    private YamlKeyLocator() {
    }

    static Optional<Integer> lineOf(YAMLFactory factory, String text, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try (JsonParser parser = factory.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    // The token opened a new context; the element it starts belongs to the enclosing one.
                    context = context.getParent();
                }
                boolean candidate = token == JsonToken.FIELD_NAME
                        || (context.inArray() && token != JsonToken.END_ARRAY && token != JsonToken.END_OBJECT);
                if (candidate && matches(context, path)) {
                    return Optional.of(parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // The text did not parse this far; the caller falls back to Jackson's own location.
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** True when the parser's current field, with its enclosing fields and array indexes, equals {@code path}. */
    private static boolean matches(JsonStreamContext context, List<JsonMappingException.Reference> path) {
        Deque<Object> actual = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                actual.addFirst(c.getCurrentName());
            } else if (c.inArray()) {
                actual.addFirst(c.getCurrentIndex());
            }
        }
        if (actual.size() != path.size()) {
            return false;
        }
        int i = 0;
        for (Object part : actual) {
            JsonMappingException.Reference ref = path.get(i++);
            Object expected = ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex();
            if (!expected.equals(part)) {
                return false;
            }
        }
        return true;
    }
}
