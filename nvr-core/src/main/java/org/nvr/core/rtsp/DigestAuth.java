package org.nvr.core.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Digest access authentication computations (RFC 7616 §3.4.1, RFC 2617 §3.2.2, RFC 2069 §2.1.2), as pure
 * functions over strings. Hashes are lower-case hex; strings are hashed as UTF-8 (RFC 7616 §3.4.4).
 */
public final class DigestAuth {

    private DigestAuth() {
    }

    /** {@code H(data)}: the algorithm's hash of {@code data}, lower-case hex. */
    public static String hash(DigestAlgorithm algorithm, String data) {
        return hash(algorithm, data.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code H(data)} of bytes, lower-case hex. */
    public static String hash(DigestAlgorithm algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm.javaName()).digest(data));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 and SHA-256 (MessageDigest Javadoc).
            throw new IllegalStateException(algorithm.javaName() + " missing from this JVM", e);
        }
    }

    /**
     * {@code H(A1)} (RFC 7616 §3.4.2): {@code H(user:realm:password)}, and for {@code -sess} algorithms
     * {@code H(H(user:realm:password):nonce:cnonce)}.
     */
    public static String ha1(DigestAlgorithm algorithm, String user, String realm, String password, String nonce,
                             String cnonce) {
        String base = hash(algorithm, user + ":" + realm + ":" + password);
        return algorithm.session() ? hash(algorithm, base + ":" + nonce + ":" + cnonce) : base;
    }

    /** {@code H(A2)} for {@code qop=auth} or no qop (RFC 7616 §3.4.3): {@code H(method:uri)}. */
    public static String ha2(DigestAlgorithm algorithm, String method, String uri) {
        return hash(algorithm, method + ":" + uri);
    }

    /** {@code H(A2)} for {@code qop=auth-int} (RFC 7616 §3.4.3): {@code H(method:uri:H(entity-body))}. */
    public static String ha2AuthInt(DigestAlgorithm algorithm, String method, String uri, byte[] entityBody) {
        return hash(algorithm, method + ":" + uri + ":" + hash(algorithm, entityBody));
    }

    /**
     * The {@code response} value (RFC 7616 §3.4.1): with a qop,
     * {@code H(HA1:nonce:nc:cnonce:qop:HA2)}; with an empty qop, the RFC 2069 form {@code H(HA1:nonce:HA2)} that
     * many cameras (and GStreamer's rtsp-server) still ask for.
     *
     * @param nonceCount 8 hex digits, e.g. {@code 00000001}; ignored without qop
     * @param cnonce     the client nonce; ignored without qop
     * @param qop        {@code auth}, {@code auth-int}, or empty
     */
    public static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nonceCount,
                                  String cnonce, String qop, String ha2) {
        Objects.requireNonNull(qop, "qop");
        if (qop.isEmpty()) {
            return hash(algorithm, ha1 + ":" + nonce + ":" + ha2);
        }
        return hash(algorithm, ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
