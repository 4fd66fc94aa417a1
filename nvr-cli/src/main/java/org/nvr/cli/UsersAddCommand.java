package org.nvr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nvr.core.auth.Role;
import org.nvr.storage.users.H2UserStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nvr users add NAME --role ROLE} (or {@code --admin}): adds a user (audit action {@code user.add}). */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
final class UsersAddCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private UsersCommand parent;

    @Mixin
    private OfflineIndexOptions index;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "Login name: lower case letters, digits, '.', '_', '-'; at most 64 characters.")
    private String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private RoleChoice roleChoice;

    /** {@code --role ROLE}, or {@code --admin} for the first user of a fresh install. */
    static final class RoleChoice {
        @Option(names = "--role", paramLabel = "ROLE", converter = UsersCommand.RoleConverter.class,
                description = "viewer (live and recorded video), operator (also PTZ and export) or admin "
                        + "(everything).")
        Role role;

        @Option(names = "--admin", description = "Same as --role admin (the first user of a fresh install).")
        boolean admin;

        Role role() {
            return admin ? Role.ADMIN : role;
        }
    }

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordStdin;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> data = index.dataDir(err);
        if (data.isEmpty()) {
            return ExitCodes.USAGE;
        }
        if (!H2UserStore.NAME.matcher(name).matches()) {
            err.println("cannot add user: the name must match " + H2UserStore.NAME.pattern()
                    + " (lower case letters, digits, '.', '_', '-'; at most 64 characters)");
            return ExitCodes.USAGE;
        }
        Role role = roleChoice.role();
        return OfflineIndexOptions.withIndex(data.get(), err, "cannot add user " + name, database -> {
            // Refuse a taken name before asking for a password.
            if (parent.users(database).find(name).isPresent()) {
                err.println("cannot add user " + name + ": it already exists");
                return ExitCodes.ERROR;
            }
            char[] password = passwordStdin ? PasswordInput.fromStream(parent.stdin())
                    : PasswordInput.fromConsoleTwice(parent.console(), "Password for " + name);
            try {
                parent.users(database).addUser(name, password, role);
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("name", name);
                detail.put("role", role.token());
                parent.audit(database, "user.add", detail);
            } finally {
                PasswordInput.clear(password);
            }
            out.println("added " + name + " (" + role.token() + ")");
            return ExitCodes.OK;
        });
    }
}
