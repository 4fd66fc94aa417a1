package org.nvr.onvif.soap;

import java.net.URI;
import java.time.Duration;

/** No complete answer within the configured timeout (headers and body together). */
public final class OnvifTimeoutException extends OnvifException {
    private final Duration timeout;

    public OnvifTimeoutException(URI endpoint, Duration timeout, Throwable cause) {
        super(endpoint, "no complete response within " + timeout, cause);
        this.timeout = timeout;
    }

    /** The limit that was exceeded. */
    public Duration timeout() {
        return timeout;
    }
}
