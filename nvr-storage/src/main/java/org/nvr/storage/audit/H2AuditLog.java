package org.nvr.storage.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.storage.index.Database;

/**
 * {@link AuditLog} on the index's {@code audit} table. Append-only: this class inserts and selects, never
 * updates or deletes (V1's rule for the table). Thread-safe; every call is one statement on a pooled connection
 * and may block, so never call it on a Netty event loop.
 *
 * <p>Values longer than their columns are cut rather than refused, because an audit row that was not written
 * would stop the action it records: the user, action and remote address at {@link #MAX_USER_CHARS},
 * {@link #MAX_ACTION_CHARS} and {@link #MAX_REMOTE_CHARS} characters, the detail at {@link #MAX_DETAIL_CHARS}
 * characters of JSON by dropping trailing fields (see {@link AuditDetailJson}).
 */
public final class H2AuditLog implements AuditLog {
    /** Most rows one query returns. */
    public static final int MAX_LIMIT = 10_000;
    /** Size of the {@code user_name} column. */
    public static final int MAX_USER_CHARS = 64;
    /** Size of the {@code remote} column. */
    public static final int MAX_REMOTE_CHARS = 128;
    /** Size of the {@code action} column. */
    public static final int MAX_ACTION_CHARS = 64;
    /** Size of the {@code detail} column. */
    public static final int MAX_DETAIL_CHARS = 4096;

    private final Database database;
    private final AuditDetailJson detailJson;

    /** @param database the migrated index database (not closed by this class) */
    public H2AuditLog(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.detailJson = new AuditDetailJson(new ObjectMapper(), MAX_DETAIL_CHARS);
    }

    @Override
    public void append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        String detail = detailJson.write(entry.detail());
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO audit (at, user_name, remote, action, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, entry.at().atOffset(ZoneOffset.UTC));
            ps.setString(2, cut(entry.user(), MAX_USER_CHARS));
            ps.setString(3, cut(entry.remote(), MAX_REMOTE_CHARS));
            ps.setString(4, cut(entry.action(), MAX_ACTION_CHARS));
            ps.setString(5, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new NvrException(Kind.UNAVAILABLE, "audit: cannot write " + entry.action() + " by " + entry.user()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NvrException INVALID_ARGUMENT for a limit outside 1 to {@link #MAX_LIMIT}
     */
    @Override
    public List<AuditEntry> recent(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        return query(AuditQuery.newest(limit));
    }

    /** The rows matching {@code query}, newest first (rows at the same instant: the last written first). */
    public List<AuditEntry> query(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT at, user_name, remote, action, detail FROM audit WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        query.user().ifPresent(user -> {
            sql.append(" AND user_name = ?");
            parameters.add(user);
        });
        query.actionPrefix().ifPresent(prefix -> {
            // A LIKE prefix pattern (an index range on audit_action_at), with the pattern characters escaped.
            sql.append(" AND action LIKE ? ESCAPE '\\'");
            parameters.add(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        query.from().ifPresent(from -> {
            sql.append(" AND at >= ?");
            parameters.add(from.atOffset(ZoneOffset.UTC));
        });
        query.to().ifPresent(to -> {
            sql.append(" AND at < ?");
            parameters.add(to.atOffset(ZoneOffset.UTC));
        });
        sql.append(" ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        parameters.add(query.limit());
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
                    entries.add(new AuditEntry(at, rs.getString(2), rs.getString(3), rs.getString(4),
                            detailJson.read(rs.getString(5))));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new NvrException(Kind.UNAVAILABLE, "audit: query failed: " + e.getMessage(), e);
        }
    }

    /** The first {@code max} characters of {@code text}, never splitting a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    @Override
    public String toString() {
        return "H2AuditLog[" + database + "]";
    }
}
