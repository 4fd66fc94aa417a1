package org.nvr.cli.client;

import java.util.Objects;

/**
 * Why an admin client command stopped. The {@link Kind} says which exit code the command returns; the message is
 * what the user reads after {@code error: }.
 */
public final class ClientFailure extends Exception {
    /** The kinds of failure that scripts tell apart by exit code. */
    public enum Kind {
        /** Bad command line or input: nothing was sent. */
        USAGE,
        /** The request failed or the NVR refused it (400, 409, 5xx...). */
        ERROR,
        /** The NVR refused the credentials (401) or the role (403). */
        AUTH,
        /** The NVR has no such camera, preset... (404). */
        NOT_FOUND,
        /** Nothing answered at the server's address. */
        UNREACHABLE
    }

    private final Kind kind;

    public ClientFailure(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ClientFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A usage failure: the command line or an input is wrong. */
    public static ClientFailure usage(String message) {
        return new ClientFailure(Kind.USAGE, message);
    }

    public Kind kind() {
        return kind;
    }
}
