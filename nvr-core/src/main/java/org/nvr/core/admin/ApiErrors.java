package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.nvr.core.model.NvrException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler threw into a JSON error. Client errors carry the exception's message (handlers write
 * messages that name the parameter); server errors carry none, and are logged here with their stack trace.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private final AdminJson json;

    ApiErrors(AdminJson json) {
        this.json = json;
    }

    /** The response for {@code failure}, thrown while answering {@code what} (e.g. {@code GET /metrics}). */
    AdminResponse from(Throwable failure, String what) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NvrException nvr) {
            return fromNvr(nvr, what);
        }
        if (cause instanceof IllegalArgumentException) {
            return json.error(ErrorCode.BAD_REQUEST, String.valueOf(cause.getMessage()));
        }
        return internal(cause, what);
    }

    /** A 500 for an unexpected failure: logged with its stack trace, no detail sent. */
    AdminResponse internal(Throwable cause, String what) {
        LOG.error("admin {} failed", what, cause);
        return json.error(ErrorCode.INTERNAL, "internal error");
    }

    private AdminResponse fromNvr(NvrException e, String what) {
        switch (e.kind()) {
            case INVALID_ARGUMENT:
                return json.error(ErrorCode.BAD_REQUEST, e.getMessage());
            case NOT_FOUND:
                return json.error(ErrorCode.NOT_FOUND, e.getMessage());
            case UNAUTHENTICATED:
                return json.error(ErrorCode.UNAUTHENTICATED, e.getMessage())
                        .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), Authenticator.CHALLENGE);
            case PERMISSION_DENIED:
                return json.error(ErrorCode.FORBIDDEN, e.getMessage());
            case FAILED_PRECONDITION:
                return json.error(ErrorCode.CONFLICT, e.getMessage());
            case DEADLINE_EXCEEDED:
                return json.error(ErrorCode.GATEWAY_TIMEOUT, e.getMessage());
            case UNAVAILABLE:
                LOG.warn("admin {} unavailable: {}", what, e.getMessage());
                return json.error(ErrorCode.UNAVAILABLE, "service unavailable, retry later");
            default:
                return internal(e, what);
        }
    }
}
