package org.nvr.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.nvr.storage.users.UserInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nvr users list}: the users, by name, with role, status and dates (never a hash). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
final class UsersListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private UsersCommand parent;

    @Mixin
    private OfflineIndexOptions index;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return index.withIndex(err, "cannot list users", database -> {
            List<UserInfo> users = parent.users(database).list();
            String format = "%-24s %-9s %-9s %-21s %s%n";
            out.printf(format, "NAME", "ROLE", "STATUS", "CREATED", "UPDATED");
            for (UserInfo user : users) {
                out.printf(format, user.name(), user.role().token(), user.disabled() ? "disabled" : "enabled",
                        UsersCommand.when(user.createdAt()), UsersCommand.when(user.updatedAt()));
            }
            out.flush();
            return ExitCodes.OK;
        });
    }
}
