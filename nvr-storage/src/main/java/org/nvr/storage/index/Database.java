package org.nvr.storage.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 index database: opens it, brings its schema up to date with the numbered Flyway migrations in
 * {@code classpath:db/migration}, and hands out pooled connections.
 *
 * <p>Migrations are validated on every start (an edited released migration fails its checksum), never cleaned,
 * and their checksums are never cleared. A database migrated by a newer NVR is refused rather than used, since
 * this code cannot know what the newer columns mean.
 */
public final class Database implements AutoCloseable {
    /** Connections in the pool by default: recorders, playback and admin queries share them. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    /** Seconds {@link #connection()} waits for a free connection before failing. */
    public static final int DEFAULT_CONNECTION_TIMEOUT_SECONDS = 30;
    /** Migration scripts, V1__..., V2__... */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";
    /** Schema version this code expects after migrating; a test keeps it equal to the number of migrations. */
    public static final int EXPECTED_SCHEMA_VERSION = 4;

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final String description;
    private final String url;
    private final int maxConnections;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Replaced when H2 closed the database after a write failure (see {@link #connection()}). */
    private volatile JdbcConnectionPool pool;

    private Database(String description, String url, int maxConnections) {
        this.description = description;
        this.url = url;
        this.maxConnections = maxConnections;
        this.pool = newPool(url, maxConnections);
    }

    private static JdbcConnectionPool newPool(String url, int maxConnections) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(maxConnections);
        pool.setLoginTimeout(DEFAULT_CONNECTION_TIMEOUT_SECONDS);
        return pool;
    }

    /** Opens (creating if needed) the file database {@code dataDir/index/nvr} and migrates it. */
    public static Database open(Path dataDir) {
        return open(dataDir, DEFAULT_MAX_CONNECTIONS);
    }

    /** Opens the file database with at most {@code maxConnections} pooled connections. */
    public static Database open(Path dataDir, int maxConnections) {
        Path dir = dataDir.toAbsolutePath().resolve("index");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NvrException(Kind.UNAVAILABLE, "index: cannot create directory " + dir + ": " + e, e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under the recorders still
        // writing their last segments; the NVR closes it itself, last, on shutdown.
        // WRITE_DELAY=0: a commit reaches the file (the OS) before it returns. H2's default keeps commits in the JVM
        // for up to 500 ms, so a SIGKILL or OOM kill lost rows already committed; a lost segment row comes back
        // through startup recovery, a lost gap row never does (CommitDurabilityTest). Index commits are a few a
        // minute per camera, so the extra writes cost nothing measurable.
        String url = "jdbc:h2:file:" + dir.resolve("nvr")
                + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;WRITE_DELAY=0";
        return start("file " + dir.resolve("nvr"), url, maxConnections);
    }

    /** An in-memory database (for tests), kept until {@link #close()}. */
    public static Database inMemory(String name) {
        // DB_CLOSE_DELAY=-1: keep the database while no connection is open (the pool may close them all).
        return start("memory " + name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", DEFAULT_MAX_CONNECTIONS);
    }

    private static Database start(String description, String url, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
        }
        Database database = new Database(description, url, maxConnections);
        try {
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations(MIGRATIONS_LOCATION)
                .validateOnMigrate(true)
                .cleanDisabled(true)
                .load();
        try {
            List<String> future = new ArrayList<>();
            for (MigrationInfo info : flyway.info().all()) {
                if (info.getState() == MigrationState.FUTURE_SUCCESS
                        || info.getState() == MigrationState.FUTURE_FAILED) {
                    future.add(info.getVersion() + " (" + info.getDescription() + ")");
                }
            }
            if (!future.isEmpty()) {
                // Flyway ignores future migrations by default; we must not: a newer NVR may have added
                // constraints or meanings this code would violate.
                throw new NvrException(Kind.FAILED_PRECONDITION, "index " + description
                        + " was migrated by a newer NVR: schema versions " + future + " are unknown to this one,"
                        + " which knows up to " + EXPECTED_SCHEMA_VERSION + ". Run the newer NVR, or restore a"
                        + " backup of the index taken before the upgrade.");
            }
            int applied = flyway.migrate().migrationsExecuted;
            log.info("Index {}: schema version {} ({} migrations applied now)", description,
                    flyway.info().current().getVersion(), applied);
        } catch (FlywayException e) {
            throw new NvrException(Kind.FAILED_PRECONDITION, "index " + description
                    + ": schema migration failed: " + e.getMessage(), e);
        }
    }

    /**
     * A pooled connection; closing it returns it to the pool. Waits up to
     * {@link #DEFAULT_CONNECTION_TIMEOUT_SECONDS} for a free one.
     *
     * @throws NvrException UNAVAILABLE when none is free in time or the database is closed
     */
    public Connection connection() {
        JdbcConnectionPool current = pool;
        try {
            return current.getConnection();
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.DATABASE_IS_CLOSED || closed.get()) {
                throw SqlErrors.wrap("get a connection to " + description, e);
            }
            // H2 closes a database for good when a write to its file fails (ENOSPC on the disk the recordings fill,
            // EIO), and refuses new connections while old ones hold it: every later index write would fail until
            // the NVR restarts, long after space was freed. Drop the pool's connections so that H2 lets go of the
            // closed database, and open it again (H2 recovers its file to the last commit).
            reopen(current, e);
            try {
                return pool.getConnection();
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw SqlErrors.wrap("get a connection to " + description + " (reopened)", again);
            } catch (IllegalStateException again) {
                throw new NvrException(Kind.UNAVAILABLE, "index " + description + " is closed", again);
            }
        } catch (IllegalStateException e) {
            // JdbcConnectionPool throws this once disposed.
            throw new NvrException(Kind.UNAVAILABLE, "index " + description + " is closed", e);
        }
    }

    private synchronized void reopen(JdbcConnectionPool failed, SQLException cause) {
        if (pool != failed || closed.get()) {
            return;
        }
        log.warn("Index {}: H2 closed the database ({}); reopening it", description, cause.getMessage());
        failed.dispose();
        pool = newPool(url, maxConnections);
    }

    /**
     * Closes every pooled connection. H2 closes a file database cleanly (everything written, files closed) when
     * its last connection closes; a {@code SHUTDOWN} statement instead would leave the pool closing connections to
     * a database already gone, which H2 records as errors in its trace file.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int active = pool.getActiveConnections();
        if (active > 0) {
            log.warn("Index {}: {} connection(s) still in use at close; the database closes when they are returned",
                    description, active);
        }
        pool.dispose();
        log.info("Index {} closed", description);
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
    }
}
