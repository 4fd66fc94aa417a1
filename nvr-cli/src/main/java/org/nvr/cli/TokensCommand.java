package org.nvr.cli;

import java.util.Objects;
import org.nvr.cli.client.ClientEnvironment;
import picocli.CommandLine.Command;

/**
 * {@code nvr tokens}: creates, lists and revokes the API tokens scripts use ({@code NVR_TOKEN}) through the running
 * NVR's admin API. Holds what its subcommands share: the environment, console and cli.yaml.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Manage API tokens for scripts (admin API): set NVR_TOKEN to one instead of NVR_USER and"
                + " NVR_PASSWORD.",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 4 unknown token, 5 server"
                + " unreachable."},
        subcommands = {TokensCreateCommand.class, TokensListCommand.class, TokensRevokeCommand.class})
final class TokensCommand {
    private final ClientEnvironment environment;

    /** The real environment and console. */
    TokensCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    TokensCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    ClientEnvironment environment() {
        return environment;
    }
}
