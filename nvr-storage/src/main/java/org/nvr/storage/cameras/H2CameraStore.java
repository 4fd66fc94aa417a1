package org.nvr.storage.cameras;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.h2.api.ErrorCode;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.Transactions;

/**
 * The cameras to record, in the index's {@code camera_config} and {@code camera_stream} tables (schema version
 * 3). Thread-safe: every call is one transaction on a pooled connection; every call may block, so never call them
 * on a Netty event loop. Passwords are stored (the NVR logs in unattended) and only ever leave through
 * {@link StoredCamera#password()}: nothing here logs them, and no error message holds one.
 */
public final class H2CameraStore {
    /** Cameras one store keeps: far above the tens of cameras one NVR serves, and a bound on {@link #list()}. */
    public static final int MAX_CAMERAS = 1_000;

    private static final String COLUMNS =
            "id, enabled, source, transport, onvif_url, username, password, created_at, updated_at";

    private final Transactions sql;

    /** @param database the migrated index database (not closed by this class) */
    public H2CameraStore(Database database) {
        this.sql = new Transactions(Objects.requireNonNull(database, "database"), "cameras");
    }

    /**
     * Adds a camera with its streams.
     *
     * @throws NvrException FAILED_PRECONDITION if the id is taken; RESOURCE_EXHAUSTED past {@link #MAX_CAMERAS}
     */
    public void add(StoredCamera camera) {
        Objects.requireNonNull(camera, "camera");
        sql.run("add camera " + camera.id(), c -> {
            if (count(c) >= MAX_CAMERAS) {
                throw new NvrException(Kind.RESOURCE_EXHAUSTED, "at most " + MAX_CAMERAS + " cameras");
            }
            insert(c, camera);
            return null;
        });
    }

    /** The camera {@code id}, if stored. */
    public Optional<StoredCamera> get(String id) {
        Objects.requireNonNull(id, "id");
        return sql.run("get camera " + id, c -> {
            List<StoredCamera> found = select(c, " WHERE id = ?", id);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    /** Every stored camera, by id. */
    public List<StoredCamera> list() {
        return sql.run("list cameras", c -> select(c, " ORDER BY id", null));
    }

    /**
     * Turns recording of {@code id} on or off.
     *
     * @return the camera as now stored
     * @throws NvrException NOT_FOUND for an unknown id
     */
    public StoredCamera setEnabled(String id, boolean enabled, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return sql.run("set camera " + id + " enabled=" + enabled, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE camera_config SET enabled = ?, updated_at = ? WHERE id = ?")) {
                ps.setBoolean(1, enabled);
                ps.setObject(2, utc(at));
                ps.setString(3, id);
                if (ps.executeUpdate() == 0) {
                    throw new NvrException(Kind.NOT_FOUND, "no camera '" + id + "'");
                }
            }
            return select(c, " WHERE id = ?", id).get(0);
        });
    }

    /**
     * Replaces the stored camera of {@code camera}'s id (its settings and streams) with {@code camera}, in one
     * transaction.
     *
     * @return the camera as now stored
     * @throws NvrException NOT_FOUND for an unknown id; FAILED_PRECONDITION when the stored camera or the new one
     *                      is from the config file (only {@link #replaceConfigured} changes those)
     */
    public StoredCamera update(StoredCamera camera) {
        Objects.requireNonNull(camera, "camera");
        return sql.run("update camera " + camera.id(), c -> {
            List<StoredCamera> found = select(c, " WHERE id = ?", camera.id());
            if (found.isEmpty()) {
                throw new NvrException(Kind.NOT_FOUND, "no camera '" + camera.id() + "'");
            }
            if (found.get(0).source() == CameraSource.CONFIG || camera.source() == CameraSource.CONFIG) {
                throw new NvrException(Kind.FAILED_PRECONDITION, "camera '" + camera.id()
                        + "' is configured in nvr.yaml");
            }
            // Streams go with their camera (ON DELETE CASCADE), so delete-and-insert replaces both.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_config WHERE id = ?")) {
                ps.setString(1, camera.id());
                ps.executeUpdate();
            }
            insert(c, camera);
            return select(c, " WHERE id = ?", camera.id()).get(0);
        });
    }

    /**
     * Removes camera {@code id} and its streams (its footage and its V1 {@code camera} row are not touched).
     *
     * @return false if there was no such camera
     */
    public boolean remove(String id) {
        Objects.requireNonNull(id, "id");
        return sql.run("remove camera " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_config WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Makes the stored {@link CameraSource#CONFIG} cameras exactly {@code configured}, in one transaction: config
     * cameras no longer configured are removed, and a configured id replaces whatever camera had it (the file
     * wins).
     *
     * @return ids of cameras added through the API that a configured camera replaced
     */
    public List<String> replaceConfigured(List<StoredCamera> configured) {
        for (StoredCamera camera : configured) {
            if (camera.source() != CameraSource.CONFIG) {
                throw new IllegalArgumentException("camera " + camera.id() + " is not from the config file");
            }
        }
        return sql.run("replace configured cameras", c -> {
            List<String> replaced = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_config WHERE source = 'config'")) {
                ps.executeUpdate();
            }
            for (StoredCamera camera : configured) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM camera_config WHERE id = ?")) {
                    ps.setString(1, camera.id());
                    if (ps.executeUpdate() > 0) {
                        replaced.add(camera.id());
                    }
                }
                insert(c, camera);
            }
            return replaced;
        });
    }

    private static void insert(Connection c, StoredCamera camera) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO camera_config (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, camera.id());
            ps.setBoolean(2, camera.enabled());
            ps.setString(3, camera.source().token());
            ps.setString(4, camera.transport().name().toLowerCase(Locale.ROOT));
            ps.setString(5, camera.onvifUrl().map(URI::toString).orElse(null));
            ps.setString(6, camera.username().orElse(null));
            ps.setString(7, camera.password().orElse(null));
            ps.setObject(8, utc(camera.createdAt()));
            ps.setObject(9, utc(camera.updatedAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1) {
                throw new NvrException(Kind.FAILED_PRECONDITION, "camera '" + camera.id() + "' already exists", e);
            }
            throw e;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO camera_stream (camera_id, name, url, profile_token) VALUES (?, ?, ?, ?)")) {
            for (StoredStream s : camera.streams()) {
                ps.setString(1, camera.id());
                ps.setString(2, s.name());
                ps.setString(3, s.url());
                ps.setString(4, s.profileToken().orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Cameras matching {@code where} (with at most one string parameter), streams main first. */
    private static List<StoredCamera> select(Connection c, String where, String parameter) throws SQLException {
        Map<String, List<StoredStream>> streams = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT camera_id, name, url, profile_token"
                + " FROM camera_stream" + (parameter == null ? "" : " WHERE camera_id = ?")
                + " ORDER BY camera_id, CASE name WHEN 'main' THEN 0 ELSE 1 END")) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    streams.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new StoredStream(
                            rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4))));
                }
            }
        }
        List<StoredCamera> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM camera_config" + where
                + " LIMIT " + MAX_CAMERAS)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new StoredCamera(id, rs.getBoolean(2), CameraSource.fromToken(rs.getString(3)),
                            TransportMode.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                            Optional.ofNullable(rs.getString(5)).map(URI::create),
                            Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                            streams.getOrDefault(id, List.of()), instant(rs, 8), instant(rs, 9)));
                }
            }
        }
        return out;
    }

    private static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM camera_config");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
