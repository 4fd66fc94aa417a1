package org.nvr.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;

class DatabaseTest {
    /**
     * Flyway checksums of the released migrations, recorded when each was released. A released migration is never
     * edited (STYLE.md rule 11): if this test fails, undo the edit and add a new V&lt;n&gt;__ file instead.
     */
    private static final Map<String, Integer> RELEASED_CHECKSUMS = Map.of("1", -1732103816, "2", -1658224109,
            "3", 1268145184, "4", 761738583);

    @TempDir
    Path dataDir;

    @Test
    void migratesAnEmptyDatabaseWithEveryMigrationFile() throws Exception {
        try (Database db = Database.inMemory("migrate-empty")) {
            Map<String, String> applied = appliedMigrations(db);
            assertThat(applied.keySet()).containsExactlyElementsOf(migrationVersions());
            assertThat(applied.values()).allMatch("true"::equals);
            assertThat(applied).hasSize(Database.EXPECTED_SCHEMA_VERSION);
            assertThat(tables(db)).contains("CAMERA", "STREAM", "SEGMENT", "SEGMENT_FRAGMENTS", "GAP", "GARBAGE",
                    "EVENT", "AUDIT", "APP_USER", "API_TOKEN");
        }
    }

    @Test
    void releasedMigrationsAreUnchanged() throws Exception {
        try (Database db = Database.inMemory("checksums")) {
            Map<String, Integer> checksums = checksums(db);
            for (Map.Entry<String, Integer> released : RELEASED_CHECKSUMS.entrySet()) {
                assertThat(checksums).as("checksum of released migration V%s", released.getKey())
                        .containsEntry(released.getKey(), released.getValue());
            }
        }
    }

    @Test
    void fileDatabaseReopensAndValidates() throws Exception {
        try (Database db = Database.open(dataDir)) {
            execute(db, "INSERT INTO camera (id, created_at) VALUES ('cam1', CURRENT_TIMESTAMP)");
        }
        assertThat(dataDir.resolve("index/nvr.mv.db")).isRegularFile();
        try (Database db = Database.open(dataDir)) {
            assertThat(appliedMigrations(db)).hasSize(Database.EXPECTED_SCHEMA_VERSION);
            assertThat(queryLong(db, "SELECT COUNT(*) FROM camera WHERE id = 'cam1'")).isEqualTo(1);
        }
    }

    @Test
    void refusesASchemaNewerThanTheCode() throws Exception {
        try (Database db = Database.open(dataDir)) {
            // What a newer NVR's V999 migration leaves in Flyway's history table.
            execute(db, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                    + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                    + " VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 1, 'sa', 0, TRUE)");
        }
        assertThatThrownBy(() -> Database.open(dataDir))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("was migrated by a newer NVR")
                .hasMessageContaining("999")
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.FAILED_PRECONDITION));
    }

    @Test
    void refusesAnEditedReleasedMigration() throws Exception {
        try (Database db = Database.open(dataDir)) {
            // As if V1 had been applied from a different text than the one shipped now.
            execute(db, "UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");
        }
        assertThatThrownBy(() -> Database.open(dataDir))
                .isInstanceOf(NvrException.class)
                .hasMessageContaining("schema migration failed")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void connectionAfterCloseIsUnavailable() {
        Database db = Database.inMemory("closed");
        db.close();
        db.close();
        assertThatThrownBy(db::connection)
                .isInstanceOf(NvrException.class)
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void rejectsAnEmptyPool() {
        assertThatThrownBy(() -> Database.open(dataDir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Versions of the migration files on the classpath, in version order. */
    static List<String> migrationVersions() throws IOException, URISyntaxException {
        Path dir = Path.of(Database.class.getResource("/db/migration").toURI());
        List<String> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.+\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                    .forEach(versions::add);
        }
        return versions;
    }

    private static Map<String, String> appliedMigrations(Database db) throws SQLException {
        Map<String, String> applied = new LinkedHashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"type\" = 'SQL' ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                applied.put(rs.getString(1), String.valueOf(rs.getBoolean(2)));
            }
        }
        return applied;
    }

    private static Map<String, Integer> checksums(Database db) throws SQLException {
        Map<String, Integer> checksums = new LinkedHashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"checksum\" FROM \"flyway_schema_history\""
                     + " WHERE \"type\" = 'SQL'")) {
            while (rs.next()) {
                checksums.put(rs.getString(1), rs.getInt(2));
            }
        }
        return checksums;
    }

    private static List<String> tables(Database db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    static void execute(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long queryLong(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
