package org.nvr.cli;

import java.io.Console;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.index.Database;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nvr users}: manages the NVR's users offline, on the index in the data directory, while the server is
 * stopped (the H2 index is single-process). Every change is written to the audit log as done by the OS user from
 * {@code local}. Holds what its subcommands share: standard input, the console and the clock.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"Manage users (offline: run it while the NVR is stopped).",
            "Passwords are read from the console, or with --password-stdin from the first line of standard input;"
                + " never from the command line."},
        subcommands = {UsersAddCommand.class, UsersListCommand.class, UsersRemoveCommand.class,
            UsersPasswdCommand.class})
final class UsersCommand {
    /** Audit user when the OS does not name one. */
    static final String LOCAL_ADMIN = "local-admin";

    private final InputStream stdin;
    private final Console console;
    private final NvrClock clock;

    /** The real standard input, console and clock. */
    UsersCommand() {
        this(System.in, System.console(), NvrClock.SYSTEM);
    }

    /** For tests: {@code console} may be null (none attached). */
    UsersCommand(InputStream stdin, Console console, NvrClock clock) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.console = console;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    InputStream stdin() {
        return stdin;
    }

    Console console() {
        return console;
    }

    NvrClock clock() {
        return clock;
    }

    /** The users of an open index, with new passwords hashed at the production iteration count. */
    H2UserStore users(Database database) {
        return new H2UserStore(database, new PasswordHasher(), clock);
    }

    /** Writes the audit row of a change made by this command. */
    void audit(Database database, String action, Map<String, String> detail) {
        new H2AuditLog(database).append(new AuditEntry(clock.wallNow(), localUser(), "local", action, detail));
    }

    /** Who ran the command: the OS user name, or {@link #LOCAL_ADMIN}. */
    static String localUser() {
        String name = System.getProperty("user.name");
        return name == null || name.isBlank() ? LOCAL_ADMIN : name;
    }

    /** Converts {@code viewer}, {@code operator}, {@code admin} (the stored tokens) for {@code --role}. */
    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return Role.fromToken(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a role: use viewer, operator or admin"));
        }
    }

    /** When a row was written, for listings: UTC to the second. */
    static String when(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
