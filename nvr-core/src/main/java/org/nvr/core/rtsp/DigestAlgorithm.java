package org.nvr.core.rtsp;

import java.util.Locale;
import java.util.Optional;

/** Digest {@code algorithm} values (RFC 7616 §3.3, RFC 2617 §3.2.1), strongest last. */
public enum DigestAlgorithm {
    MD5_SESS("MD5-sess", "MD5", true),
    MD5("MD5", "MD5", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true),
    SHA_256("SHA-256", "SHA-256", false);

    private final String token;
    private final String javaName;
    private final boolean session;

    DigestAlgorithm(String token, String javaName, boolean session) {
        this.token = token;
        this.javaName = javaName;
        this.session = session;
    }

    /** The {@code algorithm} token as written in headers. */
    public String token() {
        return token;
    }

    /** The {@link java.security.MessageDigest} algorithm name. */
    public String javaName() {
        return javaName;
    }

    /** Whether this is a {@code -sess} variant, whose A1 includes the nonce and cnonce (RFC 7616 §3.4.2). */
    public boolean session() {
        return session;
    }

    /** The algorithm named by {@code token}, ignoring case; empty for unsupported ones (e.g. SHA-512-256). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        String t = token.strip().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.toUpperCase(Locale.ROOT).equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
