package org.nvr.storage.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.auth.DigestSecret;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;

class H2UserStoreTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final Database db = Database.inMemory("users-" + DATABASES.incrementAndGet());
    private final SteppingClock clock = new SteppingClock(T0);
    private final H2UserStore store = new H2UserStore(db, new PasswordHasher(1000, new SecureRandom()), clock);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void addedUserAuthenticatesWithItsRole() {
        store.addUser("alice", "correct horse".toCharArray(), Role.OPERATOR);
        assertThat(store.authenticate("alice", "correct horse".toCharArray()))
                .contains(new Principal("alice", Role.OPERATOR));
        assertThat(store.authenticate("alice", "correct horsE".toCharArray())).isEmpty();
        assertThat(store.authenticate("bob", "correct horse".toCharArray())).isEmpty();
        assertThat(store.authenticate("Alice", "correct horse".toCharArray())).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void addUserClearsThePassword() {
        char[] password = "correct horse".toCharArray();
        store.addUser("alice", password, Role.VIEWER);
        assertThat(password).containsOnly('\0');
        char[] refused = "short".toCharArray();
        assertThatThrownBy(() -> store.addUser("bob", refused, Role.VIEWER)).isInstanceOf(NvrException.class);
        assertThat(refused).containsOnly('\0');
    }

    @Test
    void authenticateLeavesTheCallersArray() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        char[] password = "correct horse".toCharArray();
        store.authenticate("alice", password);
        assertThat(new String(password)).isEqualTo("correct horse");
    }

    @Test
    void storesThePasswordOnlyAsASaltedHash() throws SQLException {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        String stored = queryString("SELECT password_hash FROM app_user WHERE name = 'alice'");
        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
    }

    @Test
    void digestSecretsAreHa1OfNameRealmAndPassword() {
        store.addUser("alice", "correct horse".toCharArray(), Role.ADMIN);
        // RFC 7616 §3.4.2: A1 = username ":" realm ":" passwd, computed by the Digest code the RTSP server uses.
        assertThat(store.digestSecret("alice", DigestAlgorithm.MD5)).contains(new DigestSecret(
                new Principal("alice", Role.ADMIN), DigestAuth.hash(DigestAlgorithm.MD5, "alice:NVR:correct horse")));
        assertThat(store.digestSecret("alice", DigestAlgorithm.SHA_256)).contains(new DigestSecret(
                new Principal("alice", Role.ADMIN),
                DigestAuth.hash(DigestAlgorithm.SHA_256, "alice:NVR:correct horse")));
        assertThat(store.digestSecret("alice", DigestAlgorithm.MD5_SESS)).isEmpty();
        assertThat(store.digestSecret("alice", DigestAlgorithm.SHA_256_SESS)).isEmpty();
        assertThat(store.digestSecret("bob", DigestAlgorithm.MD5)).isEmpty();
    }

    @Test
    void ha1MatchesIndependentlyComputedValues() {
        // RFC 2617 §3.5's example user and password, in our realm: `printf 'Mufasa:NVR:Circle Of Life' | md5sum`.
        assertThat(H2UserStore.ha1(DigestAlgorithm.MD5, "Mufasa", "Circle Of Life".toCharArray()))
                .isEqualTo("a6aae7c07e99eedf2e20255c4b91f254");
        // Non-ASCII passwords hash as UTF-8 (RFC 7616 §3.4.4): `printf 'alice:NVR:pässwörd€' | sha256sum`.
        assertThat(H2UserStore.ha1(DigestAlgorithm.SHA_256, "alice", "pässwörd€".toCharArray()))
                .isEqualTo("ae4a4231cddfaaaa55dbf022f905e0b67b5cb5c4f1087a5c8662a5063f540f7d");
    }

    @Test
    void setPasswordReplacesHashAndDigestSecrets() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        clock.advanceSeconds(60);
        char[] next = "battery staple".toCharArray();
        store.setPassword("alice", next);
        assertThat(next).containsOnly('\0');
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).isEmpty();
        assertThat(store.authenticate("alice", "battery staple".toCharArray())).isPresent();
        assertThat(store.digestSecret("alice", DigestAlgorithm.MD5).orElseThrow().ha1Hex())
                .isEqualTo(DigestAuth.hash(DigestAlgorithm.MD5, "alice:NVR:battery staple"));
        UserInfo info = store.find("alice").orElseThrow();
        assertThat(info.createdAt()).isEqualTo(T0);
        assertThat(info.updatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void setPasswordUpgradesAnOldIterationCount() throws SQLException {
        new H2UserStore(db, new PasswordHasher(10, new SecureRandom()), clock)
                .addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).isPresent();
        store.setPassword("alice", "correct horse".toCharArray());
        assertThat(queryString("SELECT password_hash FROM app_user WHERE name = 'alice'"))
                .startsWith("pbkdf2-sha256$1000$");
    }

    @Test
    void disabledUserCannotLogInByAnyMethod() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        store.setDisabled("alice", true);
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).isEmpty();
        assertThat(store.digestSecret("alice", DigestAlgorithm.MD5)).isEmpty();
        assertThat(store.list()).singleElement().satisfies(u -> assertThat(u.disabled()).isTrue());
        store.setDisabled("alice", false);
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).isPresent();
    }

    @Test
    void setRoleChangesWhatThePrincipalCarries() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        store.setRole("alice", Role.ADMIN);
        assertThat(store.authenticate("alice", "correct horse".toCharArray()).orElseThrow().role())
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void listShowsUsersByNameWithoutSecrets() {
        store.addUser("carol", "correct horse".toCharArray(), Role.ADMIN);
        clock.advanceSeconds(1);
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        assertThat(store.list()).containsExactly(
                new UserInfo("alice", Role.VIEWER, false, T0.plusSeconds(1), T0.plusSeconds(1)),
                new UserInfo("carol", Role.ADMIN, false, T0, T0));
    }

    @Test
    void removedUserIsGone() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        store.removeUser("alice");
        assertThat(store.count()).isZero();
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).isEmpty();
        assertThatThrownBy(() -> store.removeUser("alice"))
                .isInstanceOf(NvrException.class)
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void changesToUnknownUsersAreNotFound() {
        for (Runnable change : new Runnable[] {
            () -> store.setPassword("ghost", "correct horse".toCharArray()),
            () -> store.setRole("ghost", Role.ADMIN),
            () -> store.setDisabled("ghost", true)}) {
            assertThatThrownBy(change::run)
                    .isInstanceOf(NvrException.class)
                    .hasMessageContaining("no user ghost")
                    .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.NOT_FOUND));
        }
    }

    @Test
    void duplicateNameIsAFailedPrecondition() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        assertThatThrownBy(() -> store.addUser("alice", "other password".toCharArray(), Role.ADMIN))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("user alice already exists")
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.FAILED_PRECONDITION));
        assertThat(store.authenticate("alice", "correct horse".toCharArray()).orElseThrow().role())
                .isEqualTo(Role.VIEWER);
    }

    @Test
    void badNamesAndShortPasswordsAreInvalidArguments() {
        for (String name : new String[] {"", "Alice", "-alice", ".alice", "al ice", "alice:x", "ä", "a".repeat(65)}) {
            assertThatThrownBy(() -> store.addUser(name, "correct horse".toCharArray(), Role.VIEWER))
                    .as(name)
                    .isInstanceOf(NvrException.class)
                    .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        }
        store.addUser("a".repeat(64), "correct horse".toCharArray(), Role.VIEWER);
        store.addUser("cam.ops_1-x", "correct horse".toCharArray(), Role.VIEWER);
        assertThatThrownBy(() -> store.addUser("bob", "1234567".toCharArray(), Role.VIEWER))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("password must be 8")
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        store.addUser("bob", "12345678".toCharArray(), Role.VIEWER);
    }

    @Test
    void malformedStoredHashRefusesLoginWithoutCrashing() throws SQLException {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        execute("UPDATE app_user SET password_hash = 'pbkdf2-sha256$oops' WHERE name = 'alice'");
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).isEmpty();
    }

    @Test
    void unknownNameCostsAHashLikeAWrongPassword() {
        // Enough iterations that the hash dominates a login's CPU time; CPU time, not wall time, because other
        // builds share this machine.
        H2UserStore slow = new H2UserStore(db, new PasswordHasher(100_000, new SecureRandom()), clock);
        slow.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        slow.authenticate("nobody", "wrong password".toCharArray());
        long wrongPassword = minCpuNanos(() -> slow.authenticate("alice", "wrong password".toCharArray()));
        long unknownName = minCpuNanos(() -> slow.authenticate("nobody", "wrong password".toCharArray()));
        long invalidName = minCpuNanos(() -> slow.authenticate("No Such Name", "wrong password".toCharArray()));
        assertThat(unknownName).isGreaterThan(wrongPassword / 2);
        assertThat(invalidName).isLessThan(wrongPassword / 4);
    }

    @Test
    void schemaRefusesNonHexDigestSecrets() {
        store.addUser("alice", "correct horse".toCharArray(), Role.VIEWER);
        assertThatThrownBy(() -> execute("UPDATE app_user SET digest_ha1_md5 = 'ABCDEF0123456789abcdef0123456789'"
                + " WHERE name = 'alice'")).isInstanceOf(SQLException.class).hasMessageContaining("HEX");
        assertThatThrownBy(() -> execute("UPDATE app_user SET digest_ha1_sha256 = 'abc' WHERE name = 'alice'"))
                .isInstanceOf(SQLException.class);
    }

    private static long minCpuNanos(Runnable work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = threads.getCurrentThreadCpuTime();
            work.run();
            min = Math.min(min, threads.getCurrentThreadCpuTime() - start);
        }
        return min;
    }

    private String queryString(String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A clock that moves only when told. */
    private static final class SteppingClock implements NvrClock {
        private Instant now;

        SteppingClock(Instant now) {
            this.now = now;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public Instant wallNow() {
            return now;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    }
}
