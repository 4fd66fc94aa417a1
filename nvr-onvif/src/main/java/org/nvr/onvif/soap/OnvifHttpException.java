package org.nvr.onvif.soap;

import java.net.URI;

/** A non-2xx HTTP answer that carried no SOAP Fault. */
public final class OnvifHttpException extends OnvifException {
    private final int status;

    public OnvifHttpException(URI endpoint, int status) {
        super(endpoint, "HTTP status " + status + " without a SOAP Fault", null);
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}
