package org.nvr.core.rtsp.client;

import org.nvr.core.model.NvrException;

/** The camera did not answer an RTSP request in time. */
public final class RequestTimeoutException extends NvrException {
    public RequestTimeoutException(String message) {
        super(Kind.DEADLINE_EXCEEDED, message);
    }
}
