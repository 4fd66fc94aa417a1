package org.nvr.onvif.soap;

import java.net.URI;

/** Base of every failure talking to an ONVIF device; the message always names the endpoint. */
public abstract class OnvifException extends RuntimeException {
    private final URI endpoint;

    protected OnvifException(URI endpoint, String message, Throwable cause) {
        super(endpoint + ": " + message, cause);
        this.endpoint = endpoint;
    }

    /** The service address the failing request went to. */
    public URI endpoint() {
        return endpoint;
    }
}
