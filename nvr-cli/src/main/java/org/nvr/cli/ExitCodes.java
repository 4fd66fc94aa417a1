package org.nvr.cli;

import org.nvr.core.model.NvrException;

/** The exit codes of {@code nvr} commands, for scripts. */
final class ExitCodes {
    /** Done. */
    static final int OK = 0;
    /** Failed (the message says why). */
    static final int ERROR = 1;
    /** Bad command line or input (picocli's own code for invalid input). */
    static final int USAGE = 2;
    /** The server refused the credentials (HTTP 401) or the role (HTTP 403). */
    static final int AUTH_FAILURE = 3;
    /** What was asked for does not exist (HTTP 404, unknown user). */
    static final int NOT_FOUND = 4;
    /** Nothing answered at the server's address. */
    static final int UNREACHABLE = 5;

    private ExitCodes() {
    }

    /** The exit code for a failure of an offline command. */
    static int of(NvrException e) {
        switch (e.kind()) {
            case INVALID_ARGUMENT:
                return USAGE;
            case NOT_FOUND:
                return NOT_FOUND;
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
                return AUTH_FAILURE;
            default:
                return ERROR;
        }
    }
}
