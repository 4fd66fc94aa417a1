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
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials (RFC 7617) for a route: throttle first (a blocked address is refused before any
 * hashing), then the short-lived cache of verified logins, then the user directory (slow: runs on the blocking
 * executor), then the route's role. Every failed login is counted, throttled per address and audited as
 * {@code auth.failure}; a request without credentials is just challenged (that is how a browser or curl starts),
 * and a too-low role is audited as {@code auth.forbidden}.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    /** RFC 7617 §2.1: announce UTF-8 so clients encode non-ASCII names and passwords the way we decode them. */
    static final String CHALLENGE = "Basic realm=\"" + UserDirectory.DIGEST_REALM + "\", charset=\"UTF-8\"";
    private static final int MAX_AUDIT_NAME_CHARS = 64;

    private final UserDirectory users;
    private final AuditLog audit;
    private final CredentialCache cache;
    private final LoginThrottle throttle;
    private final AdminJson json;
    private final AdminMetrics metrics;
    private final NvrClock clock;

    Authenticator(UserDirectory users, AuditLog audit, CredentialCache cache, LoginThrottle throttle, AdminJson json,
                  AdminMetrics metrics, NvrClock clock) {
        this.users = users;
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
            return new AuthResult.Refused(challenge("credentials required"));
        }
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(authorization.get());
        } catch (IllegalArgumentException e) {
            return fail(route, method, "-", "malformed", address, remote);
        }
        try {
            Optional<Principal> principal = cache.lookup(credentials);
            if (principal.isEmpty()) {
                principal = users.authenticate(credentials.name(), credentials.password());
                principal.ifPresent(p -> cache.remember(credentials, p));
            }
            if (principal.isEmpty()) {
                return fail(route, method, credentials.name(), "bad_credentials", address, remote);
            }
            if (!principal.get().role().atLeast(required)) {
                appendQuietly(new AuditEntry(clock.wallNow(), principal.get().name(), remote, "auth.forbidden",
                        detail(route, method, "role " + principal.get().role().token() + " < " + required.token())));
                return new AuthResult.Refused(json.error(ErrorCode.FORBIDDEN,
                        "this needs the " + required.token() + " role"));
            }
            return new AuthResult.Granted(principal.get());
        } finally {
            credentials.wipe();
        }
    }

    private AuthResult fail(Route route, HttpMethod method, String name, String reason, InetAddress address,
                            String remote) {
        throttle.recordFailure(address);
        metrics.authFailure(reason);
        String user = name.length() > MAX_AUDIT_NAME_CHARS ? name.substring(0, MAX_AUDIT_NAME_CHARS) : name;
        appendQuietly(new AuditEntry(clock.wallNow(), user, remote, "auth.failure", detail(route, method, reason)));
        return new AuthResult.Refused(challenge("bad credentials"));
    }

    private AdminResponse challenge(String message) {
        return json.error(ErrorCode.UNAUTHENTICATED, message)
                .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), CHALLENGE);
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
