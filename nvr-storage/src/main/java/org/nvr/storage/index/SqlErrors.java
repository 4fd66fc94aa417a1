package org.nvr.storage.index;

import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;

/**
 * Maps JDBC failures onto {@link NvrException} kinds (as Moonfire NVR maps SQLite codes onto gRPC codes), keeping
 * the SQL exception as the cause and naming the operation.
 */
final class SqlErrors {
    private SqlErrors() {
    }

    /** Wraps {@code e}; {@code operation} says what was being done and to what, e.g. "add segment to cam1/main". */
    static NvrException wrap(String operation, SQLException e) {
        return wrap("index", operation, e);
    }

    /** Wraps {@code e} as a failure of the store named {@code subject} ("index", "users"). */
    static NvrException wrap(String subject, String operation, SQLException e) {
        Kind kind = kindOf(e);
        return new NvrException(kind, subject + ": " + operation + " failed (" + kind + "): " + e.getMessage(), e);
    }

    static Kind kindOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        switch (e.getErrorCode()) {
            case ErrorCode.DUPLICATE_KEY_1:
                // The row exists already (same path, or same stream and sequence): the caller's state is off.
                return Kind.FAILED_PRECONDITION;
            case ErrorCode.CHECK_CONSTRAINT_VIOLATED_1:
            case ErrorCode.NULL_NOT_ALLOWED:
            case ErrorCode.VALUE_TOO_LONG_2:
            case ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_PARENT_MISSING_1:
                return Kind.INVALID_ARGUMENT;
            case ErrorCode.FILE_CORRUPTED_1:
                return Kind.DATA_LOSS;
            case ErrorCode.LOCK_TIMEOUT_1:
            case ErrorCode.DEADLOCK_1:
            case ErrorCode.DATABASE_IS_CLOSED:
            case ErrorCode.DATABASE_ALREADY_OPEN_1:
            case ErrorCode.IO_EXCEPTION_1:
            case ErrorCode.IO_EXCEPTION_2:
            case ErrorCode.OUT_OF_MEMORY:
                return Kind.UNAVAILABLE;
            default:
                break;
        }
        // SQL:2011 SQLSTATE classes, for drivers other than H2: 23 integrity, 08 connection, 40 rollback.
        if (state.startsWith("23")) {
            return Kind.INVALID_ARGUMENT;
        }
        if (state.startsWith("08") || state.startsWith("40")) {
            return Kind.UNAVAILABLE;
        }
        return Kind.INTERNAL;
    }
}
