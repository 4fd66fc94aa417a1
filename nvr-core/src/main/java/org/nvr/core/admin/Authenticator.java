package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.TokenDirectory;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials (RFC 7617) or an API token ({@code Bearer nvr_...}, RFC 6750 §2.1) for a route:
 * throttle first (a blocked address is refused before any hashing), then for Basic the short-lived cache of
 * verified logins and the user directory (slow: runs on the blocking executor), for a token the token directory
 * (which applies the token user's current role), then the route's role. Every failed login or bad token is
 * counted, throttled per address and audited as {@code auth.failure}; a request without credentials is just
 * challenged (that is how a browser or curl starts), and a too-low role is audited as {@code auth.forbidden}.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    /** RFC 7617 §2.1: announce UTF-8 so clients encode non-ASCII names and passwords the way we decode them. */
    static final String CHALLENGE = "Basic realm=\"" + UserDirectory.DIGEST_REALM + "\", charset=\"UTF-8\"";
    /** RFC 6750 §3.1: the challenge to a request whose bearer token was refused. */
    static final String TOKEN_CHALLENGE = "Bearer realm=\"" + UserDirectory.DIGEST_REALM
            + "\", error=\"invalid_token\"";
    private static final int MAX_AUDIT_NAME_CHARS = 64;
    /** Longest bearer token looked up; ours are 47 characters, anything much longer is not one. */
    static final int MAX_TOKEN_CHARS = 256;

    private final UserDirectory users;
    private final Optional<TokenDirectory> tokens;
    private final AuditLog audit;
    private final CredentialCache cache;
    private final LoginThrottle throttle;
    private final AdminJson json;
    private final AdminMetrics metrics;
    private final NvrClock clock;

    /** @param tokens checks {@code Bearer} tokens; without it every token is refused as a failed login */
    Authenticator(UserDirectory users, Optional<TokenDirectory> tokens, AuditLog audit, CredentialCache cache,
                  LoginThrottle throttle, AdminJson json, AdminMetrics metrics, NvrClock clock) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.cache = cache;
        this.throttle = throttle;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Checks a request to a non-public route. Blocks (password hash, audit row): call off the event loop.
     *
     * @param authorization the {@code Authorization} header, if any
     * @param address       the client's address (throttling key)
     * @param remote        the client's {@code host:port} for audit rows
     */
    AuthResult check(Route route, HttpMethod method, Optional<String> authorization, InetAddress address,
                     String remote) {
        Role required = route.requiredRole().orElseThrow(
                () -> new IllegalArgumentException("route " + route + " is public"));
        Optional<Duration> blocked = throttle.blockedFor(address);
        if (blocked.isPresent()) {
            metrics.authFailure("throttled");
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            return new AuthResult.Refused(json.error(ErrorCode.TOO_MANY_REQUESTS,
                            "too many failed logins from this address; retry later")
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(seconds)));
        }
        if (authorization.isEmpty()) {
            return new AuthResult.Refused(challenge("credentials required", CHALLENGE));
        }
        Optional<String> token = bearerToken(authorization.get());
        if (token.isPresent()) {
            return checkToken(route, method, token.get(), required, address, remote);
        }
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(authorization.get());
        } catch (IllegalArgumentException e) {
            return fail(route, method, "-", "malformed", address, remote, CHALLENGE);
        }
        try {
            Optional<Principal> principal = cache.lookup(credentials);
            if (principal.isEmpty()) {
                principal = users.authenticate(credentials.name(), credentials.password());
                principal.ifPresent(p -> cache.remember(credentials, p));
            }
            if (principal.isEmpty()) {
                return fail(route, method, credentials.name(), "bad_credentials", address, remote, CHALLENGE);
            }
            return authorize(route, method, principal.get(), required, remote);
        } finally {
            credentials.wipe();
        }
    }

    /**
     * A token is checked against the directory at every request, not cached: the lookup is one SHA-256 and an
     * indexed read, and a revoked token or a disabled user must stop working at once.
     */
    private AuthResult checkToken(Route route, HttpMethod method, String token, Role required, InetAddress address,
                                  String remote) {
        if (tokens.isEmpty()) {
            return fail(route, method, "-", "tokens_unsupported", address, remote, TOKEN_CHALLENGE);
        }
        if (token.length() > MAX_TOKEN_CHARS || !token.startsWith(TokenDirectory.PREFIX)) {
            return fail(route, method, "-", "malformed_token", address, remote, TOKEN_CHALLENGE);
        }
        Optional<Principal> principal = tokens.get().authenticateToken(token);
        if (principal.isEmpty()) {
            return fail(route, method, "-", "bad_token", address, remote, TOKEN_CHALLENGE);
        }
        return authorize(route, method, principal.get(), required, remote);
    }

    private AuthResult authorize(Route route, HttpMethod method, Principal principal, Role required, String remote) {
        if (!principal.role().atLeast(required)) {
            appendQuietly(new AuditEntry(clock.wallNow(), principal.name(), remote, "auth.forbidden",
                    detail(route, method, "role " + principal.role().token() + " < " + required.token())));
            return new AuthResult.Refused(json.error(ErrorCode.FORBIDDEN,
                    "this needs the " + required.token() + " role"));
        }
        return new AuthResult.Granted(principal);
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (RFC 6750 §2.1; the scheme is case-insensitive,
     * RFC 9110 §11.1); empty for any other scheme.
     */
    static Optional<String> bearerToken(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        return Optional.of(value.substring(space + 1).strip());
    }

    private AuthResult fail(Route route, HttpMethod method, String name, String reason, InetAddress address,
                            String remote, String challenge) {
        throttle.recordFailure(address);
        metrics.authFailure(reason);
        String user = name.length() > MAX_AUDIT_NAME_CHARS ? name.substring(0, MAX_AUDIT_NAME_CHARS) : name;
        appendQuietly(new AuditEntry(clock.wallNow(), user, remote, "auth.failure", detail(route, method, reason)));
        return new AuthResult.Refused(challenge("bad credentials", challenge));
    }

    private AdminResponse challenge(String message, String challenge) {
        return json.error(ErrorCode.UNAUTHENTICATED, message)
                .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge);
    }

    private static Map<String, String> detail(Route route, HttpMethod method, String reason) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("route", method + " " + route.pattern());
        detail.put("reason", reason);
        return detail;
    }

    /** The request is refused anyway, so a failing audit log must not turn the refusal into a 500. */
    private void appendQuietly(AuditEntry entry) {
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit log refused a {} row for {}", entry.action(), entry.remote(), e);
        }
    }
}
