package org.nvr.onvif.soap;

import java.net.URI;

/**
 * The device refused our credentials: a {@code ter:NotAuthorized} (or WS-Security {@code FailedAuthentication})
 * fault, HTTP 401 after the Digest retry, or a request needing credentials while none are configured.
 */
public final class OnvifAuthException extends OnvifException {
    public OnvifAuthException(URI endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
