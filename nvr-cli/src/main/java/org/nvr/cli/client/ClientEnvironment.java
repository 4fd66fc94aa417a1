package org.nvr.cli.client;

import java.io.Console;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an admin client command reads besides its arguments: environment variables ({@code NVR_SERVER},
 * {@code NVR_USER}, {@code NVR_PASSWORD}, {@code NVR_CAMERA_PASSWORD}), the console (null when none is attached:
 * no prompts then) and the per-user defaults file {@code cli.yaml}. Injected so that tests give their own.
 *
 * @param variables environment variables
 * @param console   the console for prompts, or null
 * @param cliYaml   where the defaults file is (it need not exist)
 */
public record ClientEnvironment(Map<String, String> variables, Console console, Path cliYaml) {
    public ClientEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(cliYaml, "cliYaml");
    }

    /** The process's environment and console; {@code cli.yaml} under {@code $XDG_CONFIG_HOME} or {@code ~/.config}. */
    public static ClientEnvironment system() {
        Map<String, String> env = System.getenv();
        return new ClientEnvironment(env, System.console(), defaultCliYaml(env, Path.of(System.getProperty(
                "user.home", "."))));
    }

    /**
     * {@code $XDG_CONFIG_HOME/nvr/cli.yaml} when that variable holds an absolute path (XDG Base Directory
     * Specification: relative values are to be ignored), else {@code HOME/.config/nvr/cli.yaml}.
     */
    static Path defaultCliYaml(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("nvr").resolve("cli.yaml");
    }

    /** A variable's value, empty when unset or empty. */
    public Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
