package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

/**
 * The stable error codes of the admin API, sent as {@code {"error":{"code":"not_found","message":"..."}}}.
 * Scripts match on the code, never on the message.
 */
public enum ErrorCode {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpResponseStatus.UNAUTHORIZED),
    FORBIDDEN(HttpResponseStatus.FORBIDDEN),
    NOT_FOUND(HttpResponseStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED),
    /** The request did not arrive whole within {@code admin.requestTimeout}; the connection is closed. */
    REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT),
    /** The request contradicts the current state (an id already taken, a change a camera cannot take). */
    CONFLICT(HttpResponseStatus.CONFLICT),
    PAYLOAD_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    RANGE_NOT_SATISFIABLE(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
    TOO_MANY_REQUESTS(HttpResponseStatus.TOO_MANY_REQUESTS),
    UNAVAILABLE(HttpResponseStatus.SERVICE_UNAVAILABLE),
    INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR),
    /** A camera the NVR called answered wrongly (refused credentials, a SOAP fault, a malformed answer). */
    BAD_GATEWAY(HttpResponseStatus.BAD_GATEWAY),
    /** A camera the NVR called did not answer in time. */
    GATEWAY_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT);

    private final HttpResponseStatus status;

    ErrorCode(HttpResponseStatus status) {
        this.status = status;
    }

    /** The HTTP status this code is usually sent with. */
    public HttpResponseStatus status() {
        return status;
    }

    /** The code as written in JSON, e.g. {@code not_found}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
