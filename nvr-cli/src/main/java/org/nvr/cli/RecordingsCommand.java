package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.ABSENT;
import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nvr recordings CAMERA --from T --to T [--stream main]}: {@code GET /api/v1/cameras/{id}/recordings}
 * (viewer), the segments and gaps of a time range in one table by start time, and what the camera holds in all.
 */
@Command(name = "recordings", mixinStandardHelpOptions = true,
        description = {"List the recorded segments and the gaps of a camera stream over a time range.",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 4 unknown camera, 5 server"
                + " unreachable."})
final class RecordingsCommand implements Callable<Integer> {
    /** The server's bound on one request (docs/api.md). */
    static final Duration MAX_RANGE = Duration.ofDays(31);

    private final ClientEnvironment environment;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "CAMERA", description = "Camera id.")
    private String camera;

    @Option(names = "--from", required = true, paramLabel = "T",
            description = "Start, an ISO-8601 instant, e.g. 2025-03-01T09:00:00Z.")
    private Instant from;

    @Option(names = "--to", required = true, paramLabel = "T",
            description = "End (exclusive), an ISO-8601 instant; at most 31 days after --from.")
    private Instant to;

    @Option(names = "--stream", defaultValue = "main", paramLabel = "NAME",
            description = "Stream name (default: ${DEFAULT-VALUE}).")
    private String stream;

    /** The real environment and console. */
    RecordingsCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    RecordingsCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        return admin.run(environment, session -> {
            if (!to.isAfter(from)) {
                throw ClientFailure.usage("--to " + to + " must be after --from " + from);
            }
            if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
                throw ClientFailure.usage("--from to --to must span at most " + MAX_RANGE.toDays() + " days");
            }
            if (!ApiPath.CAMERA_ID.matcher(stream).matches()) {
                throw ClientFailure.usage("'" + stream + "' is not a stream name: lower case letters, digits, '_'"
                        + " and '-', at most 64 characters");
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("from", from.toString());
            query.put("to", to.toString());
            query.put("stream", stream);
            JsonNode answer = session.client().get(ApiPath.camera(camera, "recordings").query(query));
            session.show(answer, out -> print(answer, out, session.err()));
        });
    }

    /** One row of the table: a segment or a gap. */
    private record Row(Instant sortKey, String[] cells) {
    }

    private static void print(JsonNode answer, PrintWriter out, PrintWriter err) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode s : JsonFields.items(answer, "segments")) {
            rows.add(new Row(instant(s), new String[] {text(s, "start"), text(s, "end"), "segment",
                text(s, "frames"), text(s, "bytes"), text(s, "endReason") + " " + text(s, "clockSource")}));
        }
        for (JsonNode g : JsonFields.items(answer, "gaps")) {
            rows.add(new Row(instant(g), new String[] {text(g, "start"), text(g, "end"), "gap", ABSENT, ABSENT,
                text(g, "cause") + ": " + text(g, "detail")}));
        }
        // By instant, not by text: "...:00.5Z" sorts before "...:00Z" as text.
        rows.sort(Comparator.comparing(Row::sortKey));
        TextTable table = new TextTable("START", "END", "KIND", "FRAMES", "BYTES", "DETAIL");
        rows.forEach(r -> table.row(r.cells()));
        table.print(out);
        JsonNode span = answer.path("span");
        if (span.isObject()) {
            out.println("camera holds " + text(span, "segments") + " segments, " + text(span, "bytes")
                    + " bytes, from " + text(span, "first") + " to " + text(span, "last") + " (all streams)");
        } else {
            out.println("camera holds no recordings");
        }
        if (answer.path("truncated").asBoolean(false)) {
            err.println("the NVR listed only the first part of the range; ask again with --from set to the last"
                    + " segment's end");
        }
    }

    /** The item's start; unreadable ones sort last. */
    private static Instant instant(JsonNode item) {
        try {
            return Instant.parse(item.path("start").asText());
        } catch (DateTimeException e) {
            return Instant.MAX;
        }
    }
}
