package org.nvr.core.rtsp.client;

import org.nvr.core.model.NvrException;

/** The camera answered an RTSP request with a status other than 2xx. */
public final class RtspStatusException extends NvrException {
    private final int statusCode;

    public RtspStatusException(String method, int statusCode, String reason) {
        super(statusCode == 401 ? Kind.UNAUTHENTICATED : statusCode == 404 ? Kind.NOT_FOUND : Kind.UNAVAILABLE,
                method + " answered " + statusCode + " " + reason);
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
