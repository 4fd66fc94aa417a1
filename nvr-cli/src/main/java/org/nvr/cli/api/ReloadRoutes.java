package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.nvr.cli.config.ConfigException;
import org.nvr.cli.config.ReloadResult;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;

/**
 * {@code POST /api/v1/reload} (admins; audited as {@code config.reload}): re-reads nvr.yaml and applies its
 * cameras, as SIGHUP does. Answers {@code {"applied":[...], "needsRestart":[...]}}; a file that does not load is
 * refused with 400 naming the file, line and key, and nothing changes.
 */
public final class ReloadRoutes {
    static final String PATH = "/api/v1/reload";
    /** Longest text kept per audit detail value: the whole row stays within the audit log's 4 KiB. */
    static final int MAX_AUDIT_TEXT = 1_000;

    private final Supplier<ReloadResult> reload;
    private final ChangeAudit audit;
    private final AdminJson json;

    /**
     * @param reload does the reload (throws {@link ConfigException} for a bad file)
     * @param audit  takes a row for every reload, applied or refused
     * @param json   the admin endpoint's JSON writer
     * @param clock  for audit rows
     */
    public ReloadRoutes(Supplier<ReloadResult> reload, AuditLog audit, AdminJson json, NvrClock clock) {
        this.reload = Objects.requireNonNull(reload, "reload");
        this.audit = new ChangeAudit(audit, clock);
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(Route.secured(HttpMethod.POST, PATH, Role.ADMIN, this::reload));
    }

    private AdminResponse reload(AdminRequest request) {
        ReloadResult result;
        try {
            result = reload.get();
        } catch (ConfigException e) {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("result", "refused");
            detail.put("error", clip(e.getMessage()));
            audit.append(request, "config.reload", detail);
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("result", "applied");
        detail.put("applied", clip(String.join("; ", result.applied())));
        detail.put("needsRestart", clip(String.join(", ", result.needsRestart())));
        audit.append(request, "config.reload", detail);
        return json.ok(result);
    }

    private static String clip(String text) {
        return text.length() <= MAX_AUDIT_TEXT ? text : text.substring(0, MAX_AUDIT_TEXT - 3) + "...";
    }
}
