package org.nvr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code nvr status}: {@code GET /healthz} and {@code GET /api/v1/cameras} (viewer), summed up: how many cameras,
 * how many enabled, how many streams are streaming.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Is the NVR up, and how many cameras are streaming.",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 5 server unreachable."})
final class StatusCommand implements Callable<Integer> {
    /** The state of a stream that delivers frames (docs/api.md, "A camera"). */
    static final String STREAMING = "STREAMING";

    private final ClientEnvironment environment;

    @Mixin
    private AdminOptions admin;

    /** The real environment and console. */
    StatusCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    StatusCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        return admin.run(environment, session -> {
            var client = session.client();
            JsonNode health = client.get(new ApiPath("/healthz"));
            JsonNode cameras = client.get(ApiPath.api("cameras"));
            ObjectNode both = JsonNodeFactory.instance.objectNode();
            both.set("healthz", health);
            both.set("cameras", cameras);
            session.show(both, out -> {
                int total = 0;
                int enabled = 0;
                int streams = 0;
                int streaming = 0;
                for (JsonNode camera : JsonFields.items(cameras, "cameras")) {
                    total++;
                    enabled += camera.path("enabled").asBoolean(false) ? 1 : 0;
                    for (JsonNode stream : JsonFields.items(camera.path("streams"), "streams")) {
                        streams++;
                        streaming += STREAMING.equals(stream.path("state").asText()) ? 1 : 0;
                    }
                }
                TextTable.keyValues(out, "server", client.server() + " ("
                                + JsonFields.text(health, "status") + ")",
                        "cameras", total + " (" + enabled + " enabled)",
                        "streaming", streaming + " of " + streams + " streams");
            });
        });
    }
}
