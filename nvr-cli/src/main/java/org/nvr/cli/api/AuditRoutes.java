package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.storage.audit.AuditQuery;
import org.nvr.storage.audit.H2AuditLog;

/**
 * {@code GET /api/v1/audit?user=&action=&from=&to=&limit=100} (admins): audit rows, newest first, filtered by exact
 * user name, action prefix ({@code user.} matches {@code user.add} and {@code user.remove}) and time range
 * {@code [from, to)}. Reading the log is not itself audited.
 */
public final class AuditRoutes {
    static final String PATH = "/api/v1/audit";
    /** Rows per answer unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 100;
    /** Most rows per answer (a narrower {@code from}/{@code to} reaches older rows). */
    static final int MAX_LIMIT = 1_000;
    private static final int MAX_FILTER_CHARS = H2AuditLog.MAX_ACTION_CHARS;

    private final H2AuditLog audit;
    private final AdminJson json;

    /**
     * @param audit the audit log
     * @param json  the admin endpoint's JSON writer
     */
    public AuditRoutes(H2AuditLog audit, AdminJson json) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(Route.secured(HttpMethod.GET, PATH, Role.ADMIN, this::query));
    }

    /**
     * One row.
     *
     * @param at     when (ISO-8601 UTC)
     * @param user   who ({@code -} for nobody authenticated)
     * @param remote from where ({@code host:port}, or {@code local} for offline tools)
     * @param action what, dotted
     * @param detail what exactly, strings only
     */
    record EntryView(String at, String user, String remote, String action, Map<String, String> detail) {
        static EntryView of(AuditEntry e) {
            return new EntryView(e.at().toString(), e.user(), e.remote(), e.action(), e.detail());
        }
    }

    /** {@code {"entries":[...]}}, newest first. */
    record EntryList(List<EntryView> entries) {
    }

    private AdminResponse query(AdminRequest request) {
        Optional<String> user = QueryParams.text(request, "user", H2AuditLog.MAX_USER_CHARS);
        Optional<String> action = QueryParams.text(request, "action", MAX_FILTER_CHARS);
        Optional<Instant> from = QueryParams.time(request, "from");
        Optional<Instant> to = QueryParams.time(request, "to");
        int limit = QueryParams.integer(request, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw new IllegalArgumentException("query parameter 'to' (" + to.get() + ") must not be before 'from' ("
                    + from.get() + ")");
        }
        List<AuditEntry> rows = audit.query(new AuditQuery(user, action, from, to, limit));
        return json.ok(new EntryList(rows.stream().map(EntryView::of).toList()));
    }
}
