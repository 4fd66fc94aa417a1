package org.nvr.core.rtsp.client;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import org.nvr.core.model.MalformedInputException;

/** Sorts the ways a session fails into camera and network causes, with a one-line reason. */
final class SessionFailures {
    private SessionFailures() {
    }

    /** True when the failure is the link's or the host's (unreachable, reset, timeout), not the camera software's. */
    static boolean isNetwork(Throwable cause) {
        return cause instanceof ConnectException
                || cause instanceof ConnectTimeoutException
                || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException
                || cause instanceof RequestTimeoutException
                || (cause instanceof IOException && !(cause instanceof java.io.EOFException));
    }

    /** A reason for logs and gap rows. Exception messages here never hold credentials: URLs carry none. */
    static String describe(Throwable cause) {
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return "cannot connect: " + message(cause);
        }
        if (cause instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (cause instanceof RtspStatusException || cause instanceof RequestTimeoutException) {
            return cause.getMessage();
        }
        if (cause instanceof MalformedInputException || cause instanceof TooLongFrameException) {
            return "bad data from camera: " + message(cause);
        }
        if (cause instanceof java.io.EOFException) {
            return message(cause);
        }
        if (cause instanceof IOException) {
            return "connection lost: " + message(cause);
        }
        return cause.getClass().getSimpleName() + ": " + message(cause);
    }

    private static String message(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
