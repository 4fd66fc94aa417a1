package org.nvr.storage.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter over the audit log; rows come newest first. Every filter is optional.
 *
 * @param user         only rows of exactly this user name
 * @param actionPrefix only rows whose action starts with this text ({@code recording.} matches
 *                     {@code recording.play} and {@code recording.export})
 * @param from         only rows at or after this instant
 * @param to           only rows before this instant (exclusive)
 * @param limit        at most this many rows, 1 to {@link H2AuditLog#MAX_LIMIT}
 */
public record AuditQuery(Optional<String> user, Optional<String> actionPrefix, Optional<Instant> from,
                         Optional<Instant> to, int limit) {
    public AuditQuery {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(actionPrefix, "actionPrefix");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1 || limit > H2AuditLog.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + H2AuditLog.MAX_LIMIT + ": " + limit);
        }
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw new IllegalArgumentException("time range ends before it starts: [" + from.get() + ", "
                    + to.get() + ")");
        }
    }

    /** The newest {@code limit} rows, unfiltered. */
    public static AuditQuery newest(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    /** This query, only for rows of {@code name}. */
    public AuditQuery withUser(String name) {
        return new AuditQuery(Optional.of(name), actionPrefix, from, to, limit);
    }

    /** This query, only for actions starting with {@code prefix}. */
    public AuditQuery withActionPrefix(String prefix) {
        return new AuditQuery(user, Optional.of(prefix), from, to, limit);
    }

    /** This query, only for rows in {@code [start, end)}. */
    public AuditQuery between(Instant start, Instant end) {
        return new AuditQuery(user, actionPrefix, Optional.of(start), Optional.of(end), limit);
    }
}
