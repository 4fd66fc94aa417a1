package org.nvr.onvif.soap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * HTTP Digest responses (RFC 7616 §3.4.1). Some cameras (Hikvision firmware among them) want HTTP Digest
 * instead of, or on top of, WS-Security; this is the module's own small implementation since nvr-onvif depends
 * on the JDK alone.
 */
public final class HttpDigest {
    private HttpDigest() {
    }

    /**
     * The {@code Authorization} header value for one request.
     *
     * @param nc     nonce count, starting at 1 for each new nonce (RFC 7616 §3.4)
     * @param cnonce client nonce (printable, no quotes)
     */
    public static String authorization(DigestChallenge c, String method, String uri, String username,
            char[] password, String cnonce, int nc) {
        String ncText = String.format("%08x", nc);
        String response = response(c, method, uri, username, password, cnonce, ncText);
        StringBuilder h = new StringBuilder("Digest username=").append(quote(username))
                .append(", realm=").append(quote(c.realm()))
                .append(", nonce=").append(quote(c.nonce()))
                .append(", uri=").append(quote(uri))
                .append(", algorithm=").append(c.algorithm())
                .append(", response=\"").append(response).append('"');
        if (c.qopAuth()) {
            h.append(", qop=auth, nc=").append(ncText).append(", cnonce=").append(quote(cnonce));
        }
        c.opaque().ifPresent(o -> h.append(", opaque=").append(quote(o)));
        return h.toString();
    }

    /** The hex {@code response} value. */
    public static String response(DigestChallenge c, String method, String uri, String username,
            char[] password, String cnonce, String ncHex) {
        byte[] pw = UsernameToken.utf8(password);
        try {
            // A1 = username ":" realm ":" passwd; for -sess: H(that) ":" nonce ":" cnonce (RFC 7616 §3.4.2).
            String ha1 = hex(c, bytes(username + ":" + c.realm() + ":"), pw);
            if (c.session()) {
                ha1 = hex(c, bytes(ha1 + ":" + c.nonce() + ":" + cnonce));
            }
            String ha2 = hex(c, bytes(method + ":" + uri)); // A2 for qop=auth (RFC 7616 §3.4.3)
            String kd = c.qopAuth()
                    ? ha1 + ":" + c.nonce() + ":" + ncHex + ":" + cnonce + ":auth:" + ha2
                    : ha1 + ":" + c.nonce() + ":" + ha2; // RFC 2069 form when no qop was offered
            return hex(c, bytes(kd));
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(DigestChallenge c, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(c.jcaAlgorithm());
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(c.jcaAlgorithm() + " is required of every JDK", e);
        }
    }

    // RFC 7230 §3.2.6 quoted-string: backslash-escape quote and backslash.
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
