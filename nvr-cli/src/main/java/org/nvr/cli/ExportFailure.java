package org.nvr.cli;

/** Why {@code nvr export} stopped, with the exit code that says so to scripts. */
final class ExportFailure extends Exception {
    private final int exitCode;

    ExportFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    ExportFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
