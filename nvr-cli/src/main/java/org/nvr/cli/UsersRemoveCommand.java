package org.nvr.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
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
        return index.withIndex(err, "cannot remove user " + name, database -> {
            parent.users(database).removeUser(name);
            parent.audit(database, "user.remove", Map.of("name", name));
            out.println("removed " + name);
            return ExitCodes.OK;
        });
    }
}
