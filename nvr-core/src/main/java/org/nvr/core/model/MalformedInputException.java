package org.nvr.core.model;

/**
 * Bad bytes or text from outside (a camera, a client, a file): RTSP, SDP, RTP, RTCP, H.264.
 * The message says what was wrong and where, and never contains credentials.
 */
public class MalformedInputException extends NvrException {
    public MalformedInputException(String message) {
        super(Kind.INVALID_ARGUMENT, message);
    }

    public MalformedInputException(String message, Throwable cause) {
        super(Kind.INVALID_ARGUMENT, message, cause);
    }
}
