package org.nvr.core.auth;

import java.util.Objects;

/**
 * What a server needs to check an HTTP/RTSP Digest response (RFC 7616 §3.4) without the password: the stored
 * {@code H(A1) = H(name:realm:password)} for one algorithm, lower-case hex, and the user it belongs to.
 */
public record DigestSecret(Principal principal, String ha1Hex) {
    public DigestSecret {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(ha1Hex, "ha1Hex");
    }

    @Override
    public String toString() {
        return "DigestSecret[" + principal + ", ha1=<hidden>]";
    }
}
