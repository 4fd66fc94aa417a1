package org.nvr.storage.users;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.storage.index.Database;

/**
 * Runs user-table work as one transaction on a pooled connection and maps SQL failures to {@link NvrException}
 * (the index package's own helper is package-private there).
 */
final class UserSql {
    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Database database;

    UserSql(Database database) {
        this.database = database;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param operation what is done, for error messages ("add user alice"); never holds a secret
     */
    <T> T run(String operation, Work<T> work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                    c.setAutoCommit(true);
                } catch (SQLException rollbackFailure) {
                    // The original failure is what the caller must see; the rollback failure travels with it.
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            c.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            throw new NvrException(kindOf(e), "users: " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private static Kind kindOf(SQLException e) {
        switch (e.getErrorCode()) {
            case ErrorCode.DUPLICATE_KEY_1:
                // Same mapping as the index's SqlErrors: the row exists already, the caller's view is stale.
                return Kind.FAILED_PRECONDITION;
            case ErrorCode.CHECK_CONSTRAINT_VIOLATED_1:
            case ErrorCode.NULL_NOT_ALLOWED:
            case ErrorCode.VALUE_TOO_LONG_2:
                return Kind.INVALID_ARGUMENT;
            case ErrorCode.LOCK_TIMEOUT_1:
            case ErrorCode.DEADLOCK_1:
            case ErrorCode.DATABASE_IS_CLOSED:
            case ErrorCode.DATABASE_ALREADY_OPEN_1:
            case ErrorCode.IO_EXCEPTION_1:
            case ErrorCode.IO_EXCEPTION_2:
                return Kind.UNAVAILABLE;
            default:
                return Kind.INTERNAL;
        }
    }
}
