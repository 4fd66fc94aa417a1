package org.nvr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code nvr reload}: {@code POST /api/v1/reload} (admin; audited), as SIGHUP does: the server re-reads nvr.yaml,
 * starts, stops and restarts cameras as its {@code cameras:} say, and names the keys that need a restart. A file
 * that does not load is refused with its line and key, and nothing changes.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Re-read the server's nvr.yaml and apply its camera changes without a restart.",
            "Exit codes: 0 done, 1 failed (a bad file: nothing changed), 3 refused credentials or role,"
                    + " 5 server unreachable."})
final class ReloadCommand implements Callable<Integer> {
    private final ClientEnvironment environment;

    @Mixin
    private AdminOptions admin;

    /** The real environment and console. */
    ReloadCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    ReloadCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        return admin.run(environment, session -> {
            JsonNode answer = session.client().post(ApiPath.api("reload"), null);
            session.show(answer, out -> {
                List<JsonNode> applied = JsonFields.items(answer.path("applied"), "applied");
                List<JsonNode> restart = JsonFields.items(answer.path("needsRestart"), "needsRestart");
                if (applied.isEmpty()) {
                    out.println("reloaded: no camera changed");
                } else {
                    out.println("reloaded:");
                    applied.forEach(line -> out.println("  " + TextTable.printable(line.asText())));
                }
                if (!restart.isEmpty()) {
                    out.println("needs a restart to take effect:");
                    restart.forEach(key -> out.println("  " + TextTable.printable(key.asText())));
                }
            });
        });
    }
}
