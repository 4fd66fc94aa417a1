package org.nvr.cli;

import java.io.PrintWriter;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.ServerTarget;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every admin client command shares ({@code --server}, {@code --user}, {@code --json}), and the frame
 * around its work: failures printed as {@code error: <message>} and mapped to {@link ExitCodes}.
 */
final class AdminOptions {
    /** What a command does once its arguments are parsed. */
    @FunctionalInterface
    interface Work {
        void run(AdminSession session) throws ClientFailure;
    }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "The NVR's admin URL (default: NVR_SERVER, else"
            + " 'server:' in ~/.config/nvr/cli.yaml, else " + ServerTarget.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--user", paramLabel = "NAME",
            description = "NVR user (default: NVR_USER, else 'user:' in ~/.config/nvr/cli.yaml). The password comes"
                    + " from NVR_PASSWORD or the console. With NVR_TOKEN set, that API token is sent instead.")
    String user;

    @Option(names = "--json", description = "Print the server's JSON answer (pretty) instead of a table.")
    boolean json;

    /** Runs {@code work} and returns the exit code. */
    int run(ClientEnvironment environment, Work work) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            work.run(new AdminSession(environment, server, user, json, out, err));
            return ExitCodes.OK;
        } catch (ClientFailure e) {
            err.println("error: " + e.getMessage());
            return exitCode(e.kind());
        } finally {
            out.flush();
            err.flush();
        }
    }

    static int exitCode(ClientFailure.Kind kind) {
        switch (kind) {
            case USAGE:
                return ExitCodes.USAGE;
            case AUTH:
                return ExitCodes.AUTH_FAILURE;
            case NOT_FOUND:
                return ExitCodes.NOT_FOUND;
            case UNREACHABLE:
                return ExitCodes.UNREACHABLE;
            default:
                return ExitCodes.ERROR;
        }
    }
}
