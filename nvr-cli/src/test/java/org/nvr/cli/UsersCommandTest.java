package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.audit.H2AuditLog;
import org.nvr.storage.index.Database;
import org.nvr.storage.users.H2UserStore;
import org.nvr.storage.users.PasswordHasher;
import picocli.CommandLine;

class UsersCommandTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dataDir;

    /** What a command run printed and returned. */
    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void addThenListShowsTheUserAndTheChangeIsAudited() {
        Result add = users("correct horse\n", "add", "alice", "--role", "operator", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(add.exitCode).as(add.err).isZero();
        assertThat(add.out).contains("added alice (operator)");

        Result list = users("", "list", "--data-dir", dataDir.toString());
        assertThat(list.exitCode).isZero();
        assertThat(list.out.lines()).hasSize(2);
        assertThat(list.out.lines().skip(1).findFirst().orElseThrow())
                .startsWith("alice").contains("operator", "enabled", "2025-03-01T10:00:00Z")
                .doesNotContain("pbkdf2");

        try (Database db = Database.open(dataDir)) {
            H2UserStore store = new H2UserStore(db, new PasswordHasher(10, new SecureRandom()), NvrClock.SYSTEM);
            assertThat(store.authenticate("alice", "correct horse".toCharArray()))
                    .contains(new Principal("alice", Role.OPERATOR));
            List<AuditEntry> audit = new H2AuditLog(db).recent(10);
            assertThat(audit).containsExactly(new AuditEntry(NOW, UsersCommand.localUser(), "local", "user.add",
                    Map.of("name", "alice", "role", "operator")));
        }
    }

    @Test
    void adminFlagIsTheFirstRunShorthandAndExcludesRole() {
        Result add = users("first admin pw\n", "add", "root-admin", "--admin", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(add.exitCode).as(add.err).isZero();
        assertThat(add.out).contains("added root-admin (admin)");
        Result both = users("another pw 1\n", "add", "bob", "--admin", "--role", "viewer", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(both.exitCode).isEqualTo(2);
        Result neither = users("another pw 1\n", "add", "bob", "--password-stdin", "--data-dir",
                dataDir.toString());
        assertThat(neither.exitCode).isEqualTo(2);
    }

    @Test
    void passwordLineMayEndWithCrLfAndStdinNeedNotEndWithANewline() {
        assertThat(users("correct horse\r\n", "add", "alice", "--role", "viewer", "--password-stdin",
                "--data-dir", dataDir.toString()).exitCode).isZero();
        assertThat(users("battery staple", "add", "bob", "--role", "viewer", "--password-stdin",
                "--data-dir", dataDir.toString()).exitCode).isZero();
        try (Database db = Database.open(dataDir)) {
            H2UserStore store = new H2UserStore(db, new PasswordHasher(10, new SecureRandom()), NvrClock.SYSTEM);
            assertThat(store.authenticate("alice", "correct horse".toCharArray())).isPresent();
            assertThat(store.authenticate("bob", "battery staple".toCharArray())).isPresent();
        }
    }

    @Test
    void duplicateNameFails() {
        users("correct horse\n", "add", "alice", "--role", "viewer", "--password-stdin", "--data-dir",
                dataDir.toString());
        Result again = users("other password\n", "add", "alice", "--role", "admin", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(again.exitCode).isEqualTo(ExitCodes.ERROR);
        assertThat(again.err).contains("alice", "already exists");
    }

    @Test
    void badRoleIsAUsageError() {
        Result result = users("correct horse\n", "add", "alice", "--role", "superuser", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains("'superuser' is not a role");
    }

    @Test
    void shortPasswordIsRefused() {
        Result result = users("short\n", "add", "alice", "--role", "viewer", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains("password must be 8");
        assertThat(users("", "list", "--data-dir", dataDir.toString()).out.lines()).hasSize(1);
    }

    @Test
    void badNameIsAUsageError() {
        Result result = users("correct horse\n", "add", "Alice", "--role", "viewer", "--password-stdin",
                "--data-dir", dataDir.toString());
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains("name must match");
    }

    @Test
    void withoutAConsoleThePasswordMustComeFromStdin() {
        Result result = users("", "add", "alice", "--role", "viewer", "--data-dir", dataDir.toString());
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains("--password-stdin");
    }

    @Test
    void passwordIsNeverACommandLineArgument() {
        Result result = users("", "add", "alice", "--role", "viewer", "--password", "correct horse",
                "--data-dir", dataDir.toString());
        assertThat(result.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains("Unknown option");
    }

    @Test
    void passwdAndRemoveChangeTheUserAndAreAudited() {
        users("correct horse\n", "add", "alice", "--role", "viewer", "--password-stdin", "--data-dir",
                dataDir.toString());
        assertThat(users("battery staple\n", "passwd", "alice", "--password-stdin", "--data-dir",
                dataDir.toString()).exitCode).isZero();
        try (Database db = Database.open(dataDir)) {
            H2UserStore store = new H2UserStore(db, new PasswordHasher(10, new SecureRandom()), NvrClock.SYSTEM);
            assertThat(store.authenticate("alice", "battery staple".toCharArray())).isPresent();
            assertThat(store.authenticate("alice", "correct horse".toCharArray())).isEmpty();
        }
        assertThat(users("", "remove", "alice", "--data-dir", dataDir.toString()).exitCode).isZero();
        try (Database db = Database.open(dataDir)) {
            assertThat(new H2AuditLog(db).recent(10)).extracting(AuditEntry::action)
                    .containsExactly("user.remove", "user.passwd", "user.add");
        }
    }

    @Test
    void unknownUsersAreNotFound() {
        Result passwd = users("battery staple\n", "passwd", "ghost", "--password-stdin", "--data-dir",
                dataDir.toString());
        assertThat(passwd.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(passwd.err).contains("no such user");
        Result remove = users("", "remove", "ghost", "--data-dir", dataDir.toString());
        assertThat(remove.exitCode).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(remove.err).contains("no user ghost");
    }

    @Test
    void refusesWhileAnotherProcessHoldsTheIndex() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                IndexHolderMain.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            // The child's log lines come first on the same stream.
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("open"));
            assertThat(line).as("the holder opened the index").isEqualTo("open");
            Result result = users("", "list", "--data-dir", dataDir.toString());
            assertThat(result.exitCode).isEqualTo(ExitCodes.ERROR);
            assertThat(result.err).contains("in use by another process", "Stop the server first", "admin API");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertThat(users("", "list", "--data-dir", dataDir.toString()).exitCode).isZero();
    }

    @Test
    void usersIsRegisteredInNvrAndNeedsASubcommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine nvr = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertThat(nvr.execute("users", "--help")).isZero();
        assertThat(out.toString()).contains("add", "list", "remove", "passwd");
        assertThat(new CommandLine(new Main()).setErr(new PrintWriter(new StringWriter())).execute("users"))
                .isEqualTo(ExitCodes.USAGE);
    }

    private Result users(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        NvrClock clock = new NvrClock() {
            @Override
            public Instant wallNow() {
                return NOW;
            }

            @Override
            public long monotonicNanos() {
                return 0;
            }
        };
        CommandLine cmd = new CommandLine(new UsersCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null, clock))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
