package org.nvr.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nvr users passwd NAME}: sets a user's password (audit action {@code user.passwd}). */
@Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
final class UsersPasswdCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private UsersCommand parent;

    @Mixin
    private OfflineIndexOptions index;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
    private String name;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordStdin;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return index.withIndex(err, "cannot set the password of " + name, database -> {
            // Ask only for a user that exists: typing a password twice for a typo'd name helps nobody.
            if (parent.users(database).find(name).isEmpty()) {
                err.println("cannot set the password of " + name + ": no such user");
                return ExitCodes.NOT_FOUND;
            }
            char[] password = passwordStdin ? PasswordInput.fromStream(parent.stdin())
                    : PasswordInput.fromConsoleTwice(parent.console(), "New password for " + name);
            try {
                parent.users(database).setPassword(name, password);
                parent.audit(database, "user.passwd", Map.of("name", name));
            } finally {
                PasswordInput.clear(password);
            }
            out.println("password of " + name + " changed");
            return ExitCodes.OK;
        });
    }
}
