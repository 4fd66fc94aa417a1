package org.nvr.core.auth;

import java.util.Optional;
import org.nvr.core.rtsp.DigestAlgorithm;

/**
 * The NVR's users, as the RTSP server and the admin endpoint check them. Implemented by storage (the index's
 * {@code app_user} table).
 *
 * <p>Both methods may block (a slow salted password hash, a database read): call them off Netty event loops.
 */
public interface UserDirectory {
    /**
     * The Digest realm every stored {@code H(A1)} was computed for. Fixed, because changing it would invalidate
     * every stored digest secret (RFC 7616 §3.4.2: {@code A1 = username:realm:passwd}).
     */
    String DIGEST_REALM = "NVR";

    /** Checks a name and password (HTTP/RTSP Basic); empty if the user is unknown or the password wrong. */
    Optional<Principal> authenticate(String name, char[] password);

    /**
     * The stored {@code H(name:DIGEST_REALM:password)} for {@code algorithm} (MD5 or SHA-256, never the
     * {@code -sess} variants, which derive from it); empty if the user is unknown or has no such secret.
     */
    Optional<DigestSecret> digestSecret(String name, DigestAlgorithm algorithm);
}
