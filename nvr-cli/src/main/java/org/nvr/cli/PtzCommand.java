package org.nvr.cli;

import java.util.Objects;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.ClientFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nvr ptz CAMERA ...}: pan, tilt and zoom of an ONVIF camera through the NVR (operator; audited). Holds the
 * camera and what the subcommands share.
 */
@Command(name = "ptz", mixinStandardHelpOptions = true,
        description = {"Move a PTZ camera, or use its presets (through the NVR).",
            "Exit codes: 0 done, 1 failed, 2 usage, 3 refused credentials or role, 4 unknown camera or preset,"
                + " 5 server unreachable."},
        subcommands = {PtzMoveCommand.class, PtzStopCommand.class, PtzGotoCommand.class, PtzPresetsCommand.class,
            PtzSaveCommand.class, PtzRemovePresetCommand.class})
final class PtzCommand {
    /** ONVIF Core, ReferenceToken and Name: xs:string of at most 64 characters. */
    static final int MAX_TOKEN_CHARS = 64;

    private final ClientEnvironment environment;

    @Parameters(index = "0", paramLabel = "CAMERA", description = "Camera id.")
    private String camera;

    /** The real environment and console. */
    PtzCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    PtzCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    ClientEnvironment environment() {
        return environment;
    }

    /** {@code /api/v1/cameras/CAMERA/ptz/...}. */
    ApiPath path(String... more) throws ClientFailure {
        String[] segments = new String[more.length + 1];
        segments[0] = "ptz";
        System.arraycopy(more, 0, segments, 1, more.length);
        return ApiPath.camera(camera, segments);
    }

    String camera() {
        return camera;
    }

    /**
     * @throws ClientFailure USAGE for an empty value, one longer than {@link #MAX_TOKEN_CHARS} or one with control
     *                       characters
     */
    static String checkToken(String what, String value) throws ClientFailure {
        if (value.isEmpty() || value.length() > MAX_TOKEN_CHARS || value.chars().anyMatch(Character::isISOControl)) {
            throw ClientFailure.usage(what + " must be 1 to " + MAX_TOKEN_CHARS + " printable characters");
        }
        return value;
    }
}
