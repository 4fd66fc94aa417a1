package org.nvr.core.audit;

import java.util.List;

/**
 * The append-only audit log (DESIGN.md: every read of video and every change). Implemented by storage.
 *
 * <p>{@link #append} may block on the database: call it off Netty event loops. It throws if the row could not
 * be written; a caller that serves video must then refuse to serve rather than serve unaudited.
 */
public interface AuditLog {
    /** Writes one row. */
    void append(AuditEntry entry);

    /** The newest rows first, at most {@code limit} (1 to 10 000). */
    List<AuditEntry> recent(int limit);
}
