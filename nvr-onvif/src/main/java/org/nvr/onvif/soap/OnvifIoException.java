package org.nvr.onvif.soap;

import java.net.URI;

/** The request could not be sent or the connection broke (refused, reset, unreachable, interrupted). */
public final class OnvifIoException extends OnvifException {
    public OnvifIoException(URI endpoint, String message, Throwable cause) {
        super(endpoint, message, cause);
    }
}
