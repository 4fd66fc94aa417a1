package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.AdminServer;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.users.CreatedToken;
import org.nvr.storage.users.H2TokenStore;
import org.nvr.storage.users.TokenInfo;

/**
 * The API token routes (docs/api.md, any authenticated user): create a token for oneself (the text is in that
 * answer only), list one's own ({@code ?all=true}: everyone's, admins only), revoke one's own (admins: any).
 * Audited as {@code token.create} and {@code token.revoke}, never with the token. A token made with a token acts
 * for the same user, so a script cannot gain more than its user has.
 */
public final class TokenRoutes {
    static final String TOKENS = "/api/v1/tokens";
    static final String TOKEN = "/api/v1/tokens/{id}";
    /** Lifetime when the request names none, in days. */
    static final int DEFAULT_DAYS = 90;
    private static final Set<String> CREATE_FIELDS = Set.of("name", "expiresInDays");

    private final H2TokenStore tokens;
    private final ChangeAudit audit;
    private final AdminJson json;
    private final NvrClock clock;

    /**
     * @param tokens the token store the admin endpoint checks bearer tokens against
     * @param audit  takes a row for every creation and revocation
     * @param json   the admin endpoint's JSON writer
     * @param clock  audit row times, and whether a listed token has expired
     */
    public TokenRoutes(H2TokenStore tokens, AuditLog audit, AdminJson json, NvrClock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.audit = new ChangeAudit(audit, clock);
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Makes {@code server} accept the store's tokens and registers the routes; before the server starts. */
    public static void install(AdminServer server, H2TokenStore tokens, AuditLog audit, NvrClock clock) {
        server.useTokens(tokens);
        new TokenRoutes(tokens, audit, server.json(), clock).routes().forEach(server::register);
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(
                Route.secured(HttpMethod.GET, TOKENS, Role.VIEWER, this::list),
                Route.secured(HttpMethod.POST, TOKENS, Role.VIEWER, this::create),
                Route.secured(HttpMethod.DELETE, TOKEN, Role.VIEWER, this::revoke));
    }

    /**
     * The answer to a creation: the only time the token is shown.
     *
     * @param id        to revoke it by
     * @param name      what it is for
     * @param token     the token text
     * @param expiresAt when it stops working
     */
    record Created(long id, String name, String token, String expiresAt) {
        @Override
        public String toString() {
            return "Created[" + id + ", " + name + ", token=<hidden>]";
        }
    }

    /**
     * A token as listings show it: never its text or hash.
     *
     * @param status     {@code active}, {@code expired} or {@code revoked}
     * @param lastUsedAt to the minute; null if never used
     */
    record TokenView(long id, String user, String name, String status, String createdAt, String expiresAt,
                     String lastUsedAt) {
        static TokenView of(TokenInfo token, Instant now) {
            String status = token.revoked() ? "revoked" : token.activeAt(now) ? "active" : "expired";
            return new TokenView(token.id(), token.user(), token.name(), status, token.createdAt().toString(),
                    token.expiresAt().toString(), token.lastUsedAt().map(Instant::toString).orElse(null));
        }
    }

    /** {@code {"tokens":[...]}}, newest first. */
    record TokenList(List<TokenView> tokens) {
    }

    private AdminResponse create(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(CREATE_FIELDS);
        String name = body.requiredString("name", 64);
        if (!H2TokenStore.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'name': must be letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, at most 64 characters");
        }
        int days = body.integer("expiresInDays", H2TokenStore.MIN_DAYS, H2TokenStore.MAX_DAYS).orElse(DEFAULT_DAYS);
        CreatedToken created = tokens.create(request.user().name(), name, days);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("id", Long.toString(created.info().id()));
        detail.put("name", name);
        detail.put("expiresAt", created.info().expiresAt().toString());
        audit.append(request, "token.create", detail);
        // RFC 9111 §5.2.2.5: the answer holds a secret, so no cache on the way may keep it.
        return AdminResponse.json(HttpResponseStatus.CREATED, json.write(new Created(created.info().id(), name,
                        created.token(), created.info().expiresAt().toString())))
                .withHeader("Cache-Control", "no-store")
                .withHeader("Location", TOKENS + "/" + created.info().id());
    }

    private AdminResponse list(AdminRequest request) {
        Principal user = request.user();
        boolean all = QueryParams.text(request, "all", 5).map(value -> {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("query parameter 'all' must be true or false");
            }
            return value.equals("true");
        }).orElse(false);
        if (all && !user.role().atLeast(Role.ADMIN)) {
            throw new NvrException(NvrException.Kind.PERMISSION_DENIED, "listing every user's tokens needs the"
                    + " admin role");
        }
        Instant now = clock.wallNow();
        List<TokenInfo> listed = tokens.list(all ? Optional.empty() : Optional.of(user.name()));
        return json.ok(new TokenList(listed.stream().map(token -> TokenView.of(token, now)).toList()));
    }

    private AdminResponse revoke(AdminRequest request) {
        Principal user = request.user();
        String text = request.pathParam("id");
        long id;
        try {
            // A token id is a positive BIGINT: at most 19 digits.
            id = text.length() <= 19 ? Long.parseLong(text) : -1;
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 1) {
            throw new IllegalArgumentException("token id must be a positive integer");
        }
        // Another user's token is "not found" to a non-admin: ids must not reveal who has tokens.
        long wanted = id;
        TokenInfo token = tokens.find(id)
                .filter(found -> found.user().equals(user.name()) || user.role().atLeast(Role.ADMIN))
                .orElseThrow(() -> new NvrException(NvrException.Kind.NOT_FOUND, "no token " + wanted));
        tokens.revoke(id);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("id", Long.toString(id));
        detail.put("name", token.name());
        detail.put("owner", token.user());
        audit.append(request, "token.revoke", detail);
        TokenInfo after = tokens.find(id).orElse(token);
        return json.ok(TokenView.of(after, clock.wallNow()));
    }
}
