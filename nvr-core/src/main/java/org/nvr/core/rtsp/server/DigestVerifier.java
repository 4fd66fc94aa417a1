package org.nvr.core.rtsp.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.auth.DigestSecret;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.rtsp.AuthChallenge;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;

/**
 * Checks a Digest {@code Authorization} (RFC 7616 §3.4, RFC 2617 §3.2.2, and the RFC 2069 form without qop)
 * against the stored {@code H(A1)} of {@link UserDirectory#digestSecret}: the password is never needed. Blocks
 * on the directory: call off event loops.
 */
final class DigestVerifier {

    private final UserDirectory users;
    private final NonceService nonces;

    DigestVerifier(UserDirectory users, NonceService nonces) {
        this.users = Objects.requireNonNull(users, "users");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /**
     * @param credentials the parsed {@code Digest ...} credentials (parameter names lower case)
     * @param method      the request method, e.g. {@code DESCRIBE}
     * @param requestUri  the request line's URI, which the digest's {@code uri} must equal (RFC 7616 §3.4.6)
     */
    AuthOutcome verify(AuthChallenge credentials, String method, String requestUri) {
        String user = credentials.param("username").orElse("");
        if (user.isEmpty() || user.length() > 64) {
            return AuthOutcome.refused("-", "Digest without a username");
        }
        String nonce = credentials.param("nonce").orElse("");
        String response = credentials.param("response").orElse("");
        String uri = credentials.param("uri").orElse("");
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(credentials.param("algorithm").orElse("MD5"));
        if (algorithm.isEmpty()) {
            return AuthOutcome.refused(user, "unsupported Digest algorithm");
        }
        if (!credentials.realm().equals(UserDirectory.DIGEST_REALM)) {
            return AuthOutcome.refused(user, "Digest realm is not " + UserDirectory.DIGEST_REALM);
        }
        if (!uri.equals(requestUri)) {
            // RFC 7616 §3.4.6: the digest covers this URI; another one is a replay from elsewhere.
            return AuthOutcome.refused(user, "Digest uri does not match the request URI");
        }
        String qop = credentials.param("qop").orElse("");
        String nc = credentials.param("nc").orElse("");
        String cnonce = credentials.param("cnonce").orElse("");
        if (!qop.isEmpty() && !qop.equals("auth")) {
            return AuthOutcome.refused(user, "Digest qop '" + (qop.length() > 16 ? "?" : qop) + "' not offered");
        }
        if (qop.equals("auth") && (cnonce.isEmpty() || !nc.matches("[0-9a-fA-F]{8}"))) {
            return AuthOutcome.refused(user, "Digest qop=auth without nc or cnonce");
        }
        if (qop.isEmpty() && algorithm.get().session()) {
            // RFC 2617 §3.2.2.2: -sess needs the cnonce, which only exists with a qop.
            return AuthOutcome.refused(user, "Digest -sess algorithm without qop");
        }
        NonceService.Validity validity = nonces.check(nonce);
        if (validity == NonceService.Validity.INVALID) {
            return AuthOutcome.refused(user, "Digest nonce not issued by this server");
        }
        DigestAlgorithm base = algorithm.get().session()
                ? (algorithm.get() == DigestAlgorithm.MD5_SESS ? DigestAlgorithm.MD5 : DigestAlgorithm.SHA_256)
                : algorithm.get();
        Optional<DigestSecret> secret = users.digestSecret(user, base);
        if (secret.isEmpty()) {
            return AuthOutcome.refused(user, "unknown user or no " + base.token() + " secret");
        }
        String ha1 = secret.get().ha1Hex();
        if (algorithm.get().session()) {
            // RFC 7616 §3.4.2: A1 of -sess is H(user:realm:password):nonce:cnonce.
            ha1 = DigestAuth.hash(algorithm.get(), ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = DigestAuth.ha2(algorithm.get(), method, uri);
        String expected = DigestAuth.response(algorithm.get(), ha1, nonce, nc, cnonce, qop, ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return AuthOutcome.refused(user, "wrong Digest response");
        }
        if (validity == NonceService.Validity.STALE) {
            return AuthOutcome.staleNonce(user);
        }
        if (!secret.get().principal().role().atLeast(Role.VIEWER)) {
            return AuthOutcome.refused(user, "role below viewer");
        }
        return AuthOutcome.granted(secret.get().principal());
    }
}
