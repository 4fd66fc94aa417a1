package org.nvr.storage.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;

class H2TokenStoreTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final Database db = Database.inMemory("tokens-" + DATABASES.incrementAndGet());
    private final MovableClock clock = new MovableClock();
    private final H2UserStore users = new H2UserStore(db, new PasswordHasher(1000, new SecureRandom()), clock);
    private final H2TokenStore tokens = new H2TokenStore(db, clock);

    /** A wall clock the test moves. */
    private static final class MovableClock implements NvrClock {
        volatile Instant now = T0;

        @Override
        public Instant wallNow() {
            return now;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aCreatedTokenAuthenticatesAsItsUserWithTheCurrentRole() {
        users.addUser("alice", "correct horse".toCharArray(), Role.OPERATOR);
        CreatedToken created = tokens.create("alice", "backup-script", 90);

        assertThat(created.token()).matches("nvr_[A-Za-z0-9_-]{43}");
        assertThat(created.toString()).doesNotContain(created.token());
        assertThat(created.info().expiresAt()).isEqualTo(Instant.parse("2025-05-30T10:00:00Z"));
        assertThat(tokens.authenticateToken(created.token())).contains(new Principal("alice", Role.OPERATOR));

        users.setRole("alice", Role.VIEWER);
        assertThat(tokens.authenticateToken(created.token())).contains(new Principal("alice", Role.VIEWER));
    }

    @Test
    void onlyTheSha256IsStored() throws Exception {
        users.addUser("alice", "correct horse".toCharArray(), Role.OPERATOR);
        CreatedToken created = tokens.create("alice", "backup-script", 90);

        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT token_sha256 FROM api_token");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(H2TokenStore.sha256Hex(created.token())).hasSize(64);
        }
        // FIPS 180-4 test vector: SHA-256("abc").
        assertThat(H2TokenStore.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void expiredRevokedDisabledAndRemovedStopWorking() {
        users.addUser("alice", "correct horse".toCharArray(), Role.ADMIN);
        users.addUser("bob", "correct horse".toCharArray(), Role.VIEWER);
        CreatedToken day = tokens.create("alice", "one-day", 1);
        CreatedToken revoked = tokens.create("alice", "revoked", 30);
        CreatedToken disabled = tokens.create("bob", "bobs", 30);
        CreatedToken removed = tokens.create("bob", "bobs-too", 30);

        tokens.revoke(revoked.info().id());
        assertThat(tokens.authenticateToken(revoked.token())).isEmpty();

        users.setDisabled("bob", true);
        assertThat(tokens.authenticateToken(disabled.token())).isEmpty();
        users.setDisabled("bob", false);
        assertThat(tokens.authenticateToken(disabled.token())).isPresent();
        users.removeUser("bob");
        assertThat(tokens.authenticateToken(removed.token())).isEmpty();

        clock.now = T0.plusSeconds(86_399);
        assertThat(tokens.authenticateToken(day.token())).isPresent();
        clock.now = T0.plusSeconds(86_400);
        assertThat(tokens.authenticateToken(day.token())).isEmpty();
    }

    @Test
    void malformedOrUnknownTokensMatchNothing() {
        users.addUser("alice", "correct horse".toCharArray(), Role.ADMIN);
        CreatedToken created = tokens.create("alice", "x", 1);
        String text = created.token();

        assertThat(tokens.authenticateToken(null)).isEmpty();
        assertThat(tokens.authenticateToken("")).isEmpty();
        assertThat(tokens.authenticateToken(text.substring(0, text.length() - 1))).isEmpty();
        assertThat(tokens.authenticateToken(text + "A")).isEmpty();
        assertThat(tokens.authenticateToken("NVR_" + text.substring(4))).isEmpty();
        char last = text.charAt(text.length() - 1);
        assertThat(tokens.authenticateToken(text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A')))
                .isEmpty();
    }

    @Test
    void lastUseIsRecordedToTheMinuteAtMostOncePerMinute() {
        users.addUser("alice", "correct horse".toCharArray(), Role.ADMIN);
        CreatedToken created = tokens.create("alice", "poller", 10);
        assertThat(tokens.find(created.info().id()).orElseThrow().lastUsedAt()).isEmpty();

        clock.now = T0.plusSeconds(75);
        tokens.authenticateToken(created.token());
        assertThat(tokens.find(created.info().id()).orElseThrow().lastUsedAt())
                .contains(Instant.parse("2025-03-01T10:01:00Z"));
        clock.now = T0.plusSeconds(110);
        tokens.authenticateToken(created.token());
        assertThat(tokens.find(created.info().id()).orElseThrow().lastUsedAt())
                .contains(Instant.parse("2025-03-01T10:01:00Z"));
        clock.now = T0.plusSeconds(125);
        tokens.authenticateToken(created.token());
        assertThat(tokens.find(created.info().id()).orElseThrow().lastUsedAt())
                .contains(Instant.parse("2025-03-01T10:02:00Z"));
    }

    @Test
    void listsOwnOrAllNewestFirst() {
        tokens.create("alice", "a1", 1);
        tokens.create("bob", "b1", 1);
        CreatedToken a2 = tokens.create("alice", "a2", 1);
        tokens.revoke(a2.info().id());

        List<TokenInfo> alices = tokens.list(Optional.of("alice"));
        assertThat(alices).extracting(TokenInfo::name).containsExactly("a2", "a1");
        assertThat(alices.get(0).revoked()).isTrue();
        assertThat(alices.get(0).activeAt(T0)).isFalse();
        assertThat(alices.get(1).activeAt(T0)).isTrue();
        assertThat(tokens.list(Optional.empty())).extracting(TokenInfo::user).containsExactly("alice", "bob",
                "alice");
    }

    @Test
    void badNamesLifetimesAndIdsAreRefused() {
        for (String name : List.of("", "-x", "a b", "x".repeat(65), "semi;colon")) {
            assertThatThrownBy(() -> tokens.create("alice", name, 1)).as(name)
                    .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                            .isEqualTo(Kind.INVALID_ARGUMENT));
        }
        for (int days : new int[] {0, -1, 3651}) {
            assertThatThrownBy(() -> tokens.create("alice", "ok", days)).as("days " + days)
                    .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                            .isEqualTo(Kind.INVALID_ARGUMENT));
        }
        assertThat(tokens.create("alice", "ok", 3650).info().expiresAt()).isEqualTo(T0.plusSeconds(3650L * 86_400));
        assertThatThrownBy(() -> tokens.revoke(999)).isInstanceOfSatisfying(NvrException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(tokens.find(999)).isEmpty();
    }

    @Test
    void aUserHoldsAtMostTheLimitOfActiveTokens() {
        for (int i = 0; i < H2TokenStore.MAX_ACTIVE_PER_USER; i++) {
            tokens.create("alice", "t" + i, 1);
        }
        assertThatThrownBy(() -> tokens.create("alice", "one-more", 1)).isInstanceOfSatisfying(NvrException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.FAILED_PRECONDITION));
        tokens.create("bob", "other-user", 1);
        tokens.revoke(tokens.list(Optional.of("alice")).get(0).id());
        tokens.create("alice", "after-revoke", 1);
    }
}
