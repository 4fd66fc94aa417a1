package org.nvr.cli.api;

import java.util.Map;
import java.util.Objects;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.time.NvrClock;

/** Writes the audit row of a camera change made through the API: who, from where, what (never a password). */
final class ChangeAudit {
    private final AuditLog audit;
    private final NvrClock clock;

    ChangeAudit(AuditLog audit, NvrClock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Appends {@code action} (e.g. {@code camera.add}) with {@code detail}; a failure reaches the client as 500. */
    void append(AdminRequest request, String action, Map<String, String> detail) {
        audit.append(new AuditEntry(clock.wallNow(), request.auditUser(), request.remote(), action, detail));
    }
}
