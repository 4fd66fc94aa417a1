package org.nvr.cli;

import static org.nvr.cli.client.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.JsonFields;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nvr tokens list [--all]}: {@code GET /api/v1/tokens}, newest first; never a token's text. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List your API tokens.")
final class TokensListCommand implements Callable<Integer> {
    @ParentCommand
    private TokensCommand parent;

    @Mixin
    private AdminOptions admin;

    @Option(names = "--all", description = "Every user's tokens (admins only).")
    private boolean all;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            ApiPath path = all ? ApiPath.api("tokens").query(Map.of("all", "true")) : ApiPath.api("tokens");
            JsonNode answer = session.client().get(path);
            session.show(answer, out -> {
                TextTable table = new TextTable("ID", "USER", "NAME", "STATUS", "CREATED", "EXPIRES", "LAST USED");
                for (JsonNode token : JsonFields.items(answer, "tokens")) {
                    table.row(text(token, "id"), text(token, "user"), text(token, "name"), text(token, "status"),
                            text(token, "createdAt"), text(token, "expiresAt"), text(token, "lastUsedAt"));
                }
                table.print(out);
            });
        });
    }
}
