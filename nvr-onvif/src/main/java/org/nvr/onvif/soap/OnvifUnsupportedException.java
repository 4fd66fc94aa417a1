package org.nvr.onvif.soap;

import java.net.URI;

/**
 * The camera cannot do what was asked: decided from its advertised services and capabilities before any request
 * (no PTZ service, no absolute pan/tilt space, no presets), or answered with {@code ter:ActionNotSupported}
 * (ONVIF Core Specification, SOAP fault messages: generic faults). The message names the operation.
 */
public final class OnvifUnsupportedException extends OnvifException {
    public OnvifUnsupportedException(URI endpoint, String message) {
        super(endpoint, message, null);
    }

    public OnvifUnsupportedException(URI endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
