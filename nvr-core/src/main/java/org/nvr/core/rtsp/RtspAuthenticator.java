package org.nvr.core.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.nvr.core.model.MalformedInputException;

/**
 * Answers an RTSP server's 401 challenges for one user, one connection at a time (RFC 2326 §D.1 uses HTTP
 * authentication: RFC 2617, RFC 7616). Not thread-safe: the client calls it from its channel's event loop.
 *
 * <pre>
 * if (status == 401 &amp;&amp; authenticator.onUnauthorized(response.headers().getAll("WWW-Authenticate"))) {
 *     resend the request with authenticator.authorization(method, uri)
 * }
 * </pre>
 *
 * <p>Retry policy, so wrong credentials never loop: after a 401, the authenticator answers again only if no
 * request carried the current credentials yet, or at least two did (so one succeeded and the nonce since
 * expired), or the server says {@code stale=true} (once in a row); it refuses the same non-stale challenge it
 * already answered. Cameras that hand out a new nonce with every 401 (Hikvision) are therefore refused after the
 * first failed answer.
 */
public final class RtspAuthenticator {

    private static final int CNONCE_BYTES = 16;

    private final String user;
    private final String password;
    private final Supplier<String> cnonceSource;

    private AuthChallenge challenge;
    private DigestAlgorithm algorithm;
    private String qop = "";
    private String cnonce = "";
    private int nonceCount;
    private boolean staleRetry;

    /** With cnonces of 16 random bytes in hex from a {@link SecureRandom}. */
    public RtspAuthenticator(String user, String password) {
        this(user, password, secureRandomCnonces());
    }

    /**
     * @param cnonceSource client nonces (RFC 7616 §3.4: unguessable), asked once per accepted challenge
     */
    public RtspAuthenticator(String user, String password, Supplier<String> cnonceSource) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.cnonceSource = Objects.requireNonNull(cnonceSource, "cnonceSource");
    }

    /** Client nonces of 16 bytes from a new {@link SecureRandom}, as 32 lower-case hex digits. */
    public static Supplier<String> secureRandomCnonces() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[CNONCE_BYTES];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        };
    }

    /**
     * Takes the {@code WWW-Authenticate} headers of a 401 response and picks the strongest challenge this class
     * supports: Digest SHA-256, SHA-256-sess, MD5, MD5-sess, then Basic. Headers that do not parse are skipped.
     *
     * @return true if the request should be sent again with {@link #authorization}; false if nothing is
     *         supported or the credentials were refused (see the class comment)
     * @throws MalformedInputException if no header parses at all
     */
    public boolean onUnauthorized(List<String> wwwAuthenticateHeaders) {
        Optional<Candidate> best = strongest(parseLeniently(wwwAuthenticateHeaders));
        if (best.isEmpty()) {
            return false;
        }
        AuthChallenge next = best.get().challenge;
        boolean answered = challenge != null && nonceCount > 0;
        if (answered) {
            if (next.equals(challenge) && !next.stale()) {
                return false;
            }
            boolean succeededSince = nonceCount >= 2;
            boolean staleOnce = next.stale() && !staleRetry;
            if (!succeededSince && !staleOnce) {
                return false;
            }
            staleRetry = !succeededSince;
        } else {
            staleRetry = false;
        }
        challenge = next;
        algorithm = best.get().algorithm;
        qop = best.get().qop;
        cnonce = qop.isEmpty() ? "" : cnonceSource.get();
        nonceCount = 0;
        return true;
    }

    /**
     * The {@code Authorization} header value for a request, once a challenge was accepted; each call counts as
     * one use of the nonce ({@code nc}, RFC 7616 §3.4). Requests are assumed to have no body, which holds for
     * the client's RTSP requests, so {@code auth-int} hashes an empty body.
     */
    public Optional<String> authorization(String method, String uri) {
        if (challenge == null) {
            return Optional.empty();
        }
        nonceCount++;
        if (challenge.isBasic()) {
            // RFC 7617 §2: base64 of user-id ":" password, UTF-8.
            String pair = user + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        String nc = String.format(Locale.ROOT, "%08x", nonceCount);
        String ha1 = DigestAuth.ha1(algorithm, user, challenge.realm(), password, challenge.nonce(), cnonce);
        String ha2 = qop.equals("auth-int")
                ? DigestAuth.ha2AuthInt(algorithm, method, uri, new byte[0])
                : DigestAuth.ha2(algorithm, method, uri);
        String response = DigestAuth.response(algorithm, ha1, challenge.nonce(), nc, cnonce, qop, ha2);
        StringBuilder header = new StringBuilder("Digest ")
                .append("username=").append(quote(user))
                .append(", realm=").append(quote(challenge.realm()))
                .append(", nonce=").append(quote(challenge.nonce()))
                .append(", uri=").append(quote(uri))
                .append(", response=").append(quote(response));
        // RFC 7616 §3.4: algorithm and opaque are echoed when the challenge had them.
        if (challenge.param("algorithm").isPresent()) {
            header.append(", algorithm=").append(algorithm.token());
        }
        challenge.param("opaque").ifPresent(o -> header.append(", opaque=").append(quote(o)));
        if (!qop.isEmpty()) {
            header.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=").append(quote(cnonce));
        }
        return Optional.of(header.toString());
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        String scheme = challenge == null ? "none" : challenge.isBasic() ? "Basic" : "Digest " + algorithm.token();
        return "RtspAuthenticator[user=" + user + ", password=***, scheme=" + scheme + "]";
    }

    private record Candidate(AuthChallenge challenge, DigestAlgorithm algorithm, String qop, int strength) {
    }

    private static List<AuthChallenge> parseLeniently(List<String> headers) {
        List<AuthChallenge> all = new ArrayList<>();
        MalformedInputException firstError = null;
        for (String header : headers) {
            try {
                all.addAll(AuthChallenge.parse(header));
            } catch (MalformedInputException e) {
                if (firstError == null) {
                    firstError = e;
                }
            }
            if (all.size() > AuthChallenge.MAX_CHALLENGES) {
                throw new MalformedInputException("more than " + AuthChallenge.MAX_CHALLENGES
                        + " authentication challenges");
            }
        }
        if (all.isEmpty() && firstError != null) {
            throw firstError;
        }
        return all;
    }

    private static Optional<Candidate> strongest(List<AuthChallenge> challenges) {
        Candidate best = null;
        for (AuthChallenge c : challenges) {
            Candidate candidate = candidate(c);
            if (candidate != null && (best == null || candidate.strength > best.strength)) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Candidate candidate(AuthChallenge c) {
        if (c.isBasic()) {
            return new Candidate(c, null, "", 0);
        }
        if (!c.isDigest() || c.nonce().isEmpty() || c.param("realm").isEmpty()) {
            return null;
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(c.algorithm());
        if (algorithm.isEmpty()) {
            return null;
        }
        List<String> qops = c.qopOptions();
        String qop;
        if (qops.isEmpty()) {
            // RFC 2069 form; -sess needs a cnonce, which only exists with a qop (RFC 2617 §3.2.2.2).
            if (algorithm.get().session()) {
                return null;
            }
            qop = "";
        } else if (qops.contains("auth")) {
            qop = "auth";
        } else if (qops.contains("auth-int")) {
            qop = "auth-int";
        } else {
            return null;
        }
        return new Candidate(c, algorithm.get(), qop, 1 + algorithm.get().ordinal());
    }

    /** RFC 7230 §3.2.6 quoted-string. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
