package org.nvr.storage.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.nvr.core.model.NvrException;

/**
 * Runs work on a pooled connection of a {@link Database} as one transaction, mapping SQL failures to
 * {@link NvrException} (kinds as {@link SqlErrors} maps them). Shared by the stores on the index database: the
 * recording index, the users.
 */
public final class Transactions {
    /** Work on a connection, inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work; the transaction commits when it returns and rolls back when it throws.
         *
         * @param connection the transaction's connection (auto-commit off; not to be closed by the work)
         */
        T run(Connection connection) throws SQLException;
    }

    private final Database database;
    private final String subject;

    /**
     * @param database the migrated index database (not closed by this class)
     * @param subject  names the store in error messages ("index", "users"): a message reads
     *                 {@code subject: operation failed (KIND): SQL message}
     */
    public Transactions(Database database, String subject) {
        this.database = Objects.requireNonNull(database, "database");
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param operation what is done, for error messages ("add segment cam1/main #12"); never holds a secret
     * @throws NvrException for an {@link SQLException} of the work, the commit or the connection, with the kind
     *                      {@link SqlErrors} gives it; a {@link RuntimeException} of the work passes unchanged
     */
    public <T> T run(String operation, Work<T> work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
            c.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            throw SqlErrors.wrap(subject, operation, e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // The original failure is what the caller must see; the rollback failure travels with it.
            cause.addSuppressed(e);
        }
    }
}
