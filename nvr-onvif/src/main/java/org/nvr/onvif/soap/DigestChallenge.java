package org.nvr.onvif.soap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate: Digest} challenge we can answer (RFC 7616 §3.3): algorithm MD5, SHA-256 or their
 * {@code -sess} variants; qop {@code auth} when offered, or none (RFC 2069 compatibility, old firmware).
 *
 * @param realm     realm, shown to users and part of A1
 * @param nonce     server nonce
 * @param opaque    opaque value to echo, if any
 * @param algorithm "MD5", "MD5-sess", "SHA-256" or "SHA-256-sess"
 * @param qopAuth   whether qop=auth is used (false: the server offered no qop)
 */
public record DigestChallenge(String realm, String nonce, Optional<String> opaque, String algorithm,
        boolean qopAuth) {
    /** Longest header value we parse; longer ones are ignored rather than scanned. */
    public static final int MAX_HEADER_CHARS = 4096;

    public DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(opaque, "opaque");
        if (!List.of("MD5", "MD5-sess", "SHA-256", "SHA-256-sess").contains(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        }
    }

    /** The JCA name of the hash. */
    String jcaAlgorithm() {
        return algorithm.startsWith("SHA-256") ? "SHA-256" : "MD5";
    }

    boolean session() {
        return algorithm.endsWith("-sess");
    }

    /**
     * The strongest challenge we support among the {@code WWW-Authenticate} header values (RFC 7616 §3.7: a
     * server may offer several, SHA-256 first; clients pick the first supported). Non-Digest schemes, malformed
     * and unsupported challenges are skipped.
     */
    public static Optional<DigestChallenge> select(List<String> headerValues) {
        List<DigestChallenge> ok = new ArrayList<>();
        for (String value : headerValues) {
            parse(value).ifPresent(ok::add);
        }
        return ok.stream().filter(c -> c.algorithm.startsWith("SHA-256")).findFirst()
                .or(() -> ok.stream().findFirst());
    }

    /** Parses one header value, empty when it is not a Digest challenge we can answer. */
    public static Optional<DigestChallenge> parse(String value) {
        if (value == null || value.length() > MAX_HEADER_CHARS) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() < 7 || !v.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = params(v.substring(7));
        if (params == null || !params.containsKey("realm") || !params.containsKey("nonce")) {
            return Optional.empty();
        }
        // RFC 7616 §3.3: algorithm absent means MD5; names are case-insensitive.
        String algorithm = canonicalAlgorithm(params.getOrDefault("algorithm", "MD5"));
        if (algorithm == null) {
            return Optional.empty();
        }
        boolean qopAuth = false;
        String qop = params.get("qop");
        if (qop != null) {
            for (String q : qop.split(",")) {
                qopAuth |= q.strip().equalsIgnoreCase("auth");
            }
            if (!qopAuth) {
                return Optional.empty(); // only auth-int offered: we do not hash bodies into the digest
            }
        }
        return Optional.of(new DigestChallenge(params.get("realm"), params.get("nonce"),
                Optional.ofNullable(params.get("opaque")), algorithm, qopAuth));
    }

    private static String canonicalAlgorithm(String a) {
        for (String known : List.of("MD5", "MD5-sess", "SHA-256", "SHA-256-sess")) {
            if (known.equalsIgnoreCase(a.strip())) {
                return known;
            }
        }
        return null;
    }

    // RFC 7235 §2.1 auth-param = token BWS "=" BWS ( token / quoted-string ), comma-separated.
    private static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            StringBuilder val = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        val.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        val.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
            } else {
                while (i < n && s.charAt(i) != ',') {
                    val.append(s.charAt(i++));
                }
            }
            out.put(name, val.toString().strip());
        }
        return out;
    }
}
