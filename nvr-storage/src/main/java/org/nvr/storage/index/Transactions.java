package org.nvr.storage.index;

import java.sql.Connection;
import java.sql.SQLException;
import org.nvr.core.model.NvrException;

/** Runs work on a pooled connection as one transaction, mapping SQL failures to {@link NvrException}. */
final class Transactions {
    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;

    Transactions(Database database) {
        this.database = database;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param operation what is done, for error messages ("add segment cam1/main #12")
     */
    <T> T run(String operation, Work<T> work) {
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
            throw SqlErrors.wrap(operation, e);
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
