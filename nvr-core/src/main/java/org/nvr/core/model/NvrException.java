package org.nvr.core.model;

/** The one exception type the NVR raises on purpose; its {@link Kind} follows the gRPC status codes. */
public class NvrException extends RuntimeException {
    /** Error kinds (after gRPC's codes, as Moonfire NVR does). */
    public enum Kind { INVALID_ARGUMENT, NOT_FOUND, UNAUTHENTICATED, PERMISSION_DENIED, UNAVAILABLE,
        DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, DATA_LOSS, UNIMPLEMENTED, INTERNAL }

    private final Kind kind;

    public NvrException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NvrException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
