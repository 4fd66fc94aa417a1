package org.nvr.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading answers for tables, tolerantly: a field the server leaves out shows as {@code -} rather than failing the
 * command (the JSON itself is always available with {@code --json}).
 */
public final class JsonFields {
    /** Shown for a missing or null field. */
    public static final String ABSENT = "-";

    private JsonFields() {
    }

    /** The field as text: strings as they are, numbers and booleans in JSON form, {@link #ABSENT} if missing. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return ABSENT;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /**
     * The items of a listing: the answer itself when it is an array, else its array field {@code key}
     * ({@code {"cameras":[...]}}); empty when neither.
     */
    public static List<JsonNode> items(JsonNode answer, String key) {
        JsonNode array = answer.isArray() ? answer : answer.path(key);
        List<JsonNode> items = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(items::add);
        }
        return items;
    }
}
