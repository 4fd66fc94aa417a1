package org.nvr.cli;

import java.util.Objects;
import org.nvr.cli.client.ClientEnvironment;
import picocli.CommandLine.Command;

/** {@code nvr camera time|config CAMERA}: a camera's clock and encoder settings, through the NVR (ONVIF). */
@Command(name = "camera", mixinStandardHelpOptions = true,
        description = {"Read or set an ONVIF camera's clock and video encoder settings (through the NVR).",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 4 unknown camera, 5 server"
                + " unreachable."},
        subcommands = {CameraTimeCommand.class, CameraConfigCommand.class})
final class CameraCommand {
    private final ClientEnvironment environment;

    /** The real environment and console. */
    CameraCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    CameraCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    ClientEnvironment environment() {
        return environment;
    }
}
