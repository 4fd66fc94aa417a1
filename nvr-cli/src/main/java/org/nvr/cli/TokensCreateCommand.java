package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr tokens create NAME [--days N]}: {@code POST /api/v1/tokens} (any user, for themself; audited). The
 * token alone goes to standard output, so that {@code TOKEN=$(nvr tokens create backup)} captures it; what it is
 * goes to standard error. The server never shows it again.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an API token acting as you (with your role, as it is at each use).")
final class TokensCreateCommand implements Callable<Integer> {
    /** The server's bounds (docs/api.md). */
    static final int MAX_DAYS = 3650;

    @ParentCommand
    private TokensCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NAME", description = "What the token is for, e.g. backup-script.")
    private String name;

    @Option(names = "--days", paramLabel = "N", defaultValue = "90",
            description = "Days until it expires, 1 to " + MAX_DAYS + " (default: ${DEFAULT-VALUE}).")
    private int days;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            if (days < 1 || days > MAX_DAYS) {
                throw ClientFailure.usage("--days must be 1 to " + MAX_DAYS + ": " + days);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("expiresInDays", days);
            JsonNode answer = session.client().post(ApiPath.api("tokens"), body);
            session.show(answer, out -> {
                out.println(text(answer, "token"));
                session.err().println("token " + text(answer, "id") + " '" + text(answer, "name") + "' expires "
                        + text(answer, "expiresAt") + "; it is not shown again: store it now (e.g. as NVR_TOKEN"
                        + " in the script's environment)");
            });
        });
    }
}
