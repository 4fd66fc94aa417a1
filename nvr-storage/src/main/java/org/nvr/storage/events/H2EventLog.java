package org.nvr.storage.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.storage.audit.AuditDetailJson;
import org.nvr.storage.index.Database;

/**
 * Camera events on the index's {@code event} table (V1). Thread-safe; every call is one statement and may block,
 * so never call it on a Netty event loop. Payloads that do not fit the column lose trailing fields (and say so)
 * rather than the event.
 */
public final class H2EventLog {
    /** Size of the {@code payload} column. */
    public static final int MAX_PAYLOAD_CHARS = 16_384;
    /** Most rows one query returns. */
    public static final int MAX_LIMIT = 10_000;

    private final Database database;
    private final AuditDetailJson payloadJson;

    /** @param database the migrated index database (not closed by this class) */
    public H2EventLog(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.payloadJson = new AuditDetailJson(new ObjectMapper(), MAX_PAYLOAD_CHARS);
    }

    /** Writes one event. */
    public void append(CameraEvent event) {
        Objects.requireNonNull(event, "event");
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO event (at, camera_id, kind, payload) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, event.at().atOffset(ZoneOffset.UTC));
            ps.setString(2, event.cameraId().orElse(null));
            ps.setString(3, event.kind());
            ps.setString(4, payloadJson.write(event.payload()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new NvrException(Kind.UNAVAILABLE, "events: cannot write " + event.kind() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The newest events of a camera (or of all cameras), newest first, at most {@code limit} (1 to 10 000). */
    public List<CameraEvent> recent(Optional<String> cameraId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        String sql = "SELECT at, camera_id, kind, payload FROM event"
                + (cameraId.isPresent() ? " WHERE camera_id = ?" : "") + " ORDER BY at DESC, id DESC LIMIT ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (cameraId.isPresent()) {
                ps.setString(i++, cameraId.get());
            }
            ps.setInt(i, limit);
            List<CameraEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CameraEvent(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(rs.getString(2)), rs.getString(3), payload(rs.getString(4))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new NvrException(Kind.UNAVAILABLE, "events: cannot read: " + e.getMessage(), e);
        }
    }

    private Map<String, String> payload(String json) {
        return payloadJson.read(json);
    }
}
