package org.nvr.core.rtsp.server;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.AuthChallenge;

/**
 * Decides whether a request's {@code Authorization} header (RFC 2326 §12.5, RFC 7235) names a user of at least
 * {@link Role#VIEWER}, and builds the challenges of a 401. Digest always; Basic only when configured, because it
 * sends the password in clear. Blocks on the {@link UserDirectory}: call off event loops.
 */
final class RequestAuthenticator {

    private final UserDirectory users;
    private final NonceService nonces;
    private final DigestVerifier digest;
    private final boolean allowBasic;

    RequestAuthenticator(UserDirectory users, NonceService nonces, boolean allowBasic) {
        this.users = Objects.requireNonNull(users, "users");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.digest = new DigestVerifier(users, nonces);
        this.allowBasic = allowBasic;
    }

    /**
     * The {@code WWW-Authenticate} values of a 401, strongest first (RFC 7616 §3.7). The MD5 challenge comes after
     * SHA-256 because clients that keep only the last Digest challenge they read (ffmpeg) support only MD5.
     */
    List<String> challenges(boolean stale) {
        String nonce = nonces.issue();
        String common = "realm=\"" + UserDirectory.DIGEST_REALM + "\", nonce=\"" + nonce + "\", qop=\"auth\""
                + (stale ? ", stale=true" : "");
        List<String> values = new ArrayList<>(3);
        values.add("Digest " + common + ", algorithm=SHA-256");
        values.add("Digest " + common + ", algorithm=MD5");
        if (allowBasic) {
            values.add("Basic realm=\"" + UserDirectory.DIGEST_REALM + "\"");
        }
        return values;
    }

    /**
     * @param authorization the header value, or null
     * @param method        the request method
     * @param requestUri    the request line's URI
     */
    AuthOutcome authenticate(String authorization, String method, String requestUri) {
        if (authorization == null || authorization.isBlank()) {
            return AuthOutcome.refused("-", AuthOutcome.NO_CREDENTIALS);
        }
        List<AuthChallenge> parsed;
        try {
            parsed = AuthChallenge.parse(authorization);
        } catch (MalformedInputException e) {
            return AuthOutcome.refused("-", "unparsable Authorization header");
        }
        if (parsed.size() != 1) {
            return AuthOutcome.refused("-", "Authorization must hold one credential");
        }
        AuthChallenge credentials = parsed.get(0);
        if (credentials.isDigest()) {
            return digest.verify(credentials, method, requestUri);
        }
        if (credentials.isBasic() && allowBasic) {
            return basic(credentials.param("token68").orElse(""));
        }
        return AuthOutcome.refused("-", "unsupported authorization scheme");
    }

    /** RFC 7617 §2: base64 of {@code user:password}, UTF-8. */
    private AuthOutcome basic(String token) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return AuthOutcome.refused("-", "Basic credentials are not base64");
        }
        char[] chars;
        try {
            CharBuffer buffer = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(decoded));
            chars = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
            Arrays.fill(buffer.array(), '\0');
        } catch (CharacterCodingException e) {
            return AuthOutcome.refused("-", "Basic credentials are not UTF-8");
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        try {
            int colon = -1;
            for (int i = 0; i < chars.length; i++) {
                if (chars[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0 || colon > 64) {
                return AuthOutcome.refused("-", "Basic credentials without user:password");
            }
            String user = new String(chars, 0, colon);
            char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
            try {
                Optional<Principal> principal = users.authenticate(user, password);
                if (principal.isEmpty()) {
                    return AuthOutcome.refused(user, "wrong user or password");
                }
                if (!principal.get().role().atLeast(Role.VIEWER)) {
                    return AuthOutcome.refused(user, "role below viewer");
                }
                return AuthOutcome.granted(principal.get());
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(chars, '\0');
        }
    }
}
