package org.nvr.cli;

import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nvr tokens revoke ID}: {@code DELETE /api/v1/tokens/{id}} (your own; admins: any; audited). The token
 * stops working at the next request.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token.")
final class TokensRevokeCommand implements Callable<Integer> {
    @ParentCommand
    private TokensCommand parent;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "The token's id (nvr tokens list).")
    private String id;

    @Override
    public Integer call() {
        return admin.run(parent.environment(), session -> {
            if (!id.matches("[1-9][0-9]{0,18}")) {
                throw ClientFailure.usage("'" + id + "' is not a token id: a positive number from nvr tokens list");
            }
            var answer = session.client().delete(ApiPath.api("tokens", id));
            session.show(answer, out -> out.println("revoked token " + id));
        });
    }
}
