package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.ABSENT;
import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;

/** Cameras as the admin API returns them (docs/api.md, "A camera"), shown for people. */
final class CameraTables {
    private CameraTables() {
    }

    /** One row per camera; a camera's streams joined with ',' in each stream column. */
    static void list(JsonNode answer, PrintWriter out) {
        TextTable table = new TextTable("ID", "ENABLED", "SOURCE", "STREAMS", "STATE", "FPS/FRAMES", "RECONNECTS");
        for (JsonNode camera : JsonFields.items(answer, "cameras")) {
            List<String> names = new ArrayList<>();
            List<String> states = new ArrayList<>();
            List<String> rates = new ArrayList<>();
            long reconnects = 0;
            boolean anyReconnects = false;
            for (JsonNode stream : JsonFields.items(camera.path("streams"), "streams")) {
                names.add(text(stream, "name"));
                states.add(text(stream, "state"));
                rates.add(text(stream, "fps") + "/" + text(stream, "frames"));
                if (stream.path("reconnects").canConvertToLong()) {
                    reconnects += stream.path("reconnects").asLong();
                    anyReconnects = true;
                }
            }
            table.row(text(camera, "id"), yesNo(camera.path("enabled")), text(camera, "source"), joined(names),
                    joined(states), joined(rates), anyReconnects ? Long.toString(reconnects) : ABSENT);
        }
        table.print(out);
    }

    /** One camera: its settings, then a table of its streams. */
    static void detail(JsonNode camera, PrintWriter out) {
        TextTable.keyValues(out, "id", text(camera, "id"), "enabled", yesNo(camera.path("enabled")),
                "source", text(camera, "source"), "onvif", text(camera, "onvifUrl"),
                "transport", text(camera, "transport"));
        out.println();
        TextTable streams = new TextTable("STREAM", "STATE", "FRAMES", "LAST FRAME", "RECONNECTS", "CLOCK", "URL");
        for (JsonNode stream : JsonFields.items(camera.path("streams"), "streams")) {
            String age = text(stream, "lastFrameAgeMillis");
            streams.row(text(stream, "name"), text(stream, "state"), text(stream, "frames"),
                    age.equals(ABSENT) ? ABSENT : age + " ms ago", text(stream, "reconnects"),
                    text(stream, "clockSource"), text(stream, "url"));
        }
        streams.print(out);
    }

    static String yesNo(JsonNode flag) {
        return flag.isBoolean() ? (flag.asBoolean() ? "yes" : "no") : ABSENT;
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? ABSENT : String.join(",", values);
    }
}
