package org.nvr.cli;

import java.util.Objects;
import org.nvr.cli.client.ClientEnvironment;
import picocli.CommandLine.Command;

/**
 * {@code nvr cameras}: lists, adds, updates, removes, enables and disables cameras through the running NVR's admin API.
 * Holds what its subcommands share: the environment, console and cli.yaml.
 */
@Command(name = "cameras", mixinStandardHelpOptions = true,
        description = {"Manage the cameras of a running NVR (admin API).",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 4 unknown camera, 5 server"
                + " unreachable."},
        subcommands = {CamerasListCommand.class, CamerasGetCommand.class, CamerasAddCommand.class,
            CamerasUpdateCommand.class, CamerasRemoveCommand.class, CamerasEnableCommand.class,
            CamerasDisableCommand.class})
final class CamerasCommand {
    private final ClientEnvironment environment;

    /** The real environment and console. */
    CamerasCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    CamerasCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    ClientEnvironment environment() {
        return environment;
    }
}
