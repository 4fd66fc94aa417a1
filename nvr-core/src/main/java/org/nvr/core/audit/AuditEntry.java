package org.nvr.core.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit log row: who did what, when and from where. {@code detail} is written as a JSON object of strings,
 * in insertion order; it never holds credentials.
 *
 * @param at     when it happened
 * @param user   the user name as it was at the time ({@code -} when nobody was authenticated)
 * @param remote the client's {@code host:port}, or {@code local} for offline tools
 * @param action what, dotted: {@code live.view}, {@code recording.play}, {@code recording.export},
 *               {@code auth.failure}, ...
 * @param detail what exactly (camera, range, manifest hash, status), at most 4 KiB once written
 */
public record AuditEntry(Instant at, String user, String remote, String action, Map<String, String> detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(action, "action");
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }
}
