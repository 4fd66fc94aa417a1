package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

/**
 * {@code nvr audit [--by USER] [--action PREFIX] [--from T] [--to T] [--limit N]}: {@code GET /api/v1/audit}
 * (admin), the audit log newest first.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the NVR's audit log, newest first: who did what, when and from where.",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 5 server unreachable."})
final class AuditCommand implements Callable<Integer> {
    /** The server's bound on one request (docs/api.md). */
    static final int MAX_LIMIT = 1_000;

    private final ClientEnvironment environment;

    @Mixin
    private AdminOptions admin;

    /** Not {@code --user}: that is the login of every client command ({@link AdminOptions}). */
    @Option(names = "--by", paramLabel = "NAME", description = "Only rows of this user.")
    private String auditUser;

    @Option(names = "--action", paramLabel = "PREFIX",
            description = "Only actions starting with this, e.g. user. or recording.export.")
    private String action;

    @Option(names = "--from", paramLabel = "T", description = "Only rows at or after this ISO-8601 instant.")
    private Instant from;

    @Option(names = "--to", paramLabel = "T", description = "Only rows before this ISO-8601 instant.")
    private Instant to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many rows, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    private int limit;

    /** The real environment and console. */
    AuditCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    AuditCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        return admin.run(environment, session -> {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ClientFailure.usage("--limit must be 1 to " + MAX_LIMIT + ": " + limit);
            }
            if (from != null && to != null && to.isBefore(from)) {
                throw ClientFailure.usage("--to " + to + " must not be before --from " + from);
            }
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "user", auditUser);
            put(query, "action", action);
            put(query, "from", from == null ? null : from.toString());
            put(query, "to", to == null ? null : to.toString());
            query.put("limit", Integer.toString(limit));
            JsonNode answer = session.client().get(ApiPath.api("audit").query(query));
            session.show(answer, out -> {
                TextTable table = new TextTable("AT", "USER", "REMOTE", "ACTION", "DETAIL");
                for (JsonNode entry : JsonFields.items(answer, "entries")) {
                    table.row(text(entry, "at"), text(entry, "user"), text(entry, "remote"), text(entry, "action"),
                            detail(entry.path("detail")));
                }
                table.print(out);
            });
        });
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }

    /** {@code key=value} pairs in the server's order, space separated. */
    private static String detail(JsonNode detail) {
        StringBuilder text = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> fields = detail.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(field.getKey()).append('=').append(field.getValue().isValueNode()
                    ? field.getValue().asText() : field.getValue().toString());
        }
        return text.length() == 0 ? JsonFields.ABSENT : text.toString();
    }
}
