package org.nvr.core.rtsp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.model.MalformedInputException;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235 §4.1, RFC 2617 §1.2):
 * {@code Digest realm="...", nonce="...", qop="auth,auth-int", algorithm=MD5, opaque="...", stale=FALSE} or
 * {@code Basic realm="..."}.
 *
 * @param scheme the auth scheme as written ({@code Digest}, {@code Basic}); compare ignoring case
 * @param params parameters by lower-cased name, values unquoted and unescaped; a token68 credential
 *               (RFC 7235 §2.1) is kept under {@code token68}
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    /** Longest header value accepted. */
    public static final int MAX_HEADER_CHARS = 8192;
    /** Most challenges in one header and across the headers of one response. */
    public static final int MAX_CHALLENGES = 16;
    /** Most parameters in one challenge. */
    public static final int MAX_PARAMS = 32;

    public AuthChallenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Map.copyOf(params);
    }

    /**
     * Parses every challenge of every header (a response may send several {@code WWW-Authenticate} headers, and
     * one header may list several challenges separated by commas).
     *
     * @throws MalformedInputException on a syntax error or a bound exceeded
     */
    public static List<AuthChallenge> parseAll(List<String> headers) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String header : headers) {
            all.addAll(parse(header));
            if (all.size() > MAX_CHALLENGES) {
                throw new MalformedInputException("more than " + MAX_CHALLENGES + " authentication challenges");
            }
        }
        return all;
    }

    /**
     * Parses the challenges of one {@code WWW-Authenticate} header value.
     *
     * @throws MalformedInputException on a syntax error (e.g. an unterminated quoted string) or a bound exceeded
     */
    public static List<AuthChallenge> parse(String header) {
        Objects.requireNonNull(header, "header");
        if (header.length() > MAX_HEADER_CHARS) {
            throw new MalformedInputException("WWW-Authenticate of " + header.length() + " chars exceeds "
                    + MAX_HEADER_CHARS);
        }
        return new ChallengeParser(header).parse();
    }

    /** Whether this is a {@code Digest} challenge. */
    public boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    /** Whether this is a {@code Basic} challenge. */
    public boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    /** A parameter by name (case-insensitive). */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The {@code realm}, empty when absent. */
    public String realm() {
        return params.getOrDefault("realm", "");
    }

    /** The Digest {@code nonce}, empty when absent. */
    public String nonce() {
        return params.getOrDefault("nonce", "");
    }

    /** The Digest {@code algorithm}; RFC 7616 §3.3: MD5 when absent. */
    public String algorithm() {
        return params.getOrDefault("algorithm", "MD5");
    }

    /** The Digest {@code qop} options ({@code auth}, {@code auth-int}), empty for the RFC 2069 form. */
    public List<String> qopOptions() {
        String qop = params.get("qop");
        if (qop == null || qop.isBlank()) {
            return List.of();
        }
        return Arrays.stream(qop.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** RFC 7616 §3.3: {@code stale=true} means the nonce expired but the credentials were good. */
    public boolean stale() {
        return params.getOrDefault("stale", "").equalsIgnoreCase("true");
    }

    /** Reads {@code 1#challenge}: {@code auth-scheme [ 1*SP ( token68 / #auth-param ) ]}. */
    private static final class ChallengeParser {
        private final String s;
        private int pos;

        ChallengeParser(String s) {
            this.s = s;
        }

        List<AuthChallenge> parse() {
            List<AuthChallenge> challenges = new ArrayList<>();
            skipSeparators();
            while (pos < s.length()) {
                String scheme = token();
                if (scheme.isEmpty()) {
                    throw error("expected an auth scheme");
                }
                Map<String, String> params = new LinkedHashMap<>();
                skipWhitespace();
                parseParams(params);
                if (challenges.size() == MAX_CHALLENGES) {
                    throw new MalformedInputException("more than " + MAX_CHALLENGES
                            + " authentication challenges");
                }
                challenges.add(new AuthChallenge(scheme, params));
                skipSeparators();
            }
            return challenges;
        }

        private void parseParams(Map<String, String> params) {
            int token68End = token68End(pos);
            if (token68End > pos) {
                params.put("token68", s.substring(pos, token68End));
                pos = token68End;
                return;
            }
            while (true) {
                int start = pos;
                skipSeparators();
                String name = token();
                if (name.isEmpty()) {
                    if (pos < s.length() && params.isEmpty() && start == pos) {
                        throw error("expected a parameter");
                    }
                    pos = start;
                    return;
                }
                skipWhitespace();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    // A token with no '=' starts the next challenge.
                    pos = start;
                    return;
                }
                pos++;
                skipWhitespace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
                if (params.size() == MAX_PARAMS) {
                    throw error("more than " + MAX_PARAMS + " parameters");
                }
                params.put(name.toLowerCase(Locale.ROOT), value);
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) != ',') {
                    throw error("expected ',' after parameter '" + name + "'");
                }
            }
        }

        /**
         * Where a token68 (RFC 7235 §2.1: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="})
         * starting at {@code from}, right after the scheme, ends, if it makes up the rest of the challenge (the
         * header ends or a ',' follows); else {@code from}. The padding is optional: Base64 of {@code user:password}
         * ends in no '=' when its byte length is a multiple of 3 ({@code Basic YWRtaW4xOldyMG5nIGFkbTFuIGd1ZXNz}),
         * which must not be read as a second scheme.
         */
        private int token68End(int from) {
            int i = from;
            while (i < s.length() && isToken68Char(s.charAt(i))) {
                i++;
            }
            if (i == from) {
                return from;
            }
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
            int end = i;
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            return i >= s.length() || s.charAt(i) == ',' ? end : from;
        }

        private static boolean isToken68Char(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0;
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                out.append(c);
            }
            throw error("unterminated quoted string");
        }

        private void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipSeparators() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        /** RFC 7230 §3.2.6 tchar, plus the {@code /} of token68 and of some cameras' unquoted nonces. */
        private static boolean isTokenChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
        }

        private MalformedInputException error(String what) {
            return new MalformedInputException("WWW-Authenticate '" + HeaderTokens.printable(s, 100)
                    + "' at position " + pos + ": " + what);
        }
    }
}
