package org.nvr.core.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;

/** An audit log in a list; {@code failing} makes every append throw, as a broken database would. */
final class ListAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();
    volatile boolean failing;

    @Override
    public synchronized void append(AuditEntry entry) {
        if (failing) {
            throw new IllegalStateException("audit database is read-only");
        }
        entries.add(entry);
    }

    @Override
    public synchronized List<AuditEntry> recent(int limit) {
        List<AuditEntry> newestFirst = new ArrayList<>(entries);
        Collections.reverse(newestFirst);
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    synchronized List<AuditEntry> withAction(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).collect(Collectors.toList());
    }

    synchronized List<AuditEntry> all() {
        return List.copyOf(entries);
    }
}
