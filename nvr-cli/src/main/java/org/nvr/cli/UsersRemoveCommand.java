package org.nvr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nvr.cli.config.ConfigException;
import org.nvr.core.model.NvrException;
import org.nvr.storage.index.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nvr users remove NAME}: removes a user (audit action {@code user.remove}); its audit rows stay. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
final class UsersRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private UsersCommand parent;

    @Mixin
    private OfflineIndexOptions index;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user to remove.")
    private String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path data;
        try {
            data = index.dataDir();
        } catch (ConfigException e) {
            err.println("bad configuration: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (Database database = OfflineIndexOptions.open(data)) {
            parent.users(database).removeUser(name);
            parent.audit(database, "user.remove", Map.of("name", name));
            out.println("removed " + name);
            return ExitCodes.OK;
        } catch (NvrException e) {
            return UsersCommand.fail(err, "cannot remove user " + name, e);
        }
    }
}
