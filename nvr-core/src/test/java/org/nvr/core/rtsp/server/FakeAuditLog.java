package org.nvr.core.rtsp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;

/** Keeps audit rows in memory; can be told to fail, as a full disk would. */
final class FakeAuditLog implements AuditLog {

    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    void failing(boolean fail) {
        failing = fail;
    }

    List<AuditEntry> entries() {
        return new ArrayList<>(entries);
    }

    List<AuditEntry> withAction(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }

    @Override
    public void append(AuditEntry entry) {
        if (failing) {
            throw new IllegalStateException("audit store unavailable (test)");
        }
        entries.add(entry);
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        List<AuditEntry> copy = new ArrayList<>(entries);
        java.util.Collections.reverse(copy);
        return copy.subList(0, Math.min(limit, copy.size()));
    }
}
