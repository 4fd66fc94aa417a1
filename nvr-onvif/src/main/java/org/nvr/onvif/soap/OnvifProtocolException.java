package org.nvr.onvif.soap;

import java.net.URI;

/**
 * The device answered, but not with something we accept: malformed or hostile XML (DOCTYPE, entities), a body
 * over the size limit, not a SOAP 1.2 envelope, or a response missing an element the specification requires.
 */
public final class OnvifProtocolException extends OnvifException {
    public OnvifProtocolException(URI endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }

    public OnvifProtocolException(URI endpoint, String message) {
        super(endpoint, message, null);
    }
}
