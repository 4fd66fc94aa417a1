package org.nvr.storage.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.auth.Role;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;

/** V2 on an index that already has users from schema version 1. */
class UserSchemaMigrationTest {
    @TempDir
    Path dataDir;

    @Test
    void usersFromVersion1KeepTheirRowsAndGetUpdatedAtFromCreatedAt() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("index/nvr");
        Flyway.configure().dataSource(url, "sa", "").locations(Database.MIGRATIONS_LOCATION).target("1").load()
                .migrate();
        String hash = new PasswordHasher(10, new SecureRandom()).hash("correct horse".toCharArray());
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO app_user (name, password_hash, role, created_at) VALUES ('alice', '" + hash
                    + "', 'operator', TIMESTAMP WITH TIME ZONE '2024-06-01 08:00:00+00')");
        }
        try (Database db = Database.open(dataDir)) {
            H2UserStore store = new H2UserStore(db, new PasswordHasher(10, new SecureRandom()), NvrClock.SYSTEM);
            assertThat(store.list()).containsExactly(new UserInfo("alice", Role.OPERATOR, false,
                    Instant.parse("2024-06-01T08:00:00Z"), Instant.parse("2024-06-01T08:00:00Z")));
            assertThat(store.authenticate("alice", "correct horse".toCharArray())).isPresent();
            // No Digest secret until the next password change: the server never had the password.
            assertThat(store.digestSecret("alice", DigestAlgorithm.MD5)).isEmpty();
            store.setPassword("alice", "correct horse".toCharArray());
            assertThat(store.digestSecret("alice", DigestAlgorithm.MD5)).isPresent();
        }
    }
}
