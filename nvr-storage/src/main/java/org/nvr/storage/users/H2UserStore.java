package org.nvr.storage.users;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.nvr.core.auth.DigestSecret;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users in the index's {@code app_user} table: {@link UserDirectory} for the RTSP server and the admin
 * endpoint, plus the changes {@code nvr users} and the admin API make. Thread-safe: every call is one
 * transaction on a pooled connection. Every method may block (a database round trip, and for passwords a slow
 * hash): never call them on a Netty event loop.
 *
 * <p>With each password the store keeps the Digest secrets {@code H(name:NVR:password)} for MD5 and SHA-256
 * (RFC 7616 §3.4.2), computed when the password is set: the server never keeps the password itself. Methods
 * that take a password as {@code char[]} clear it before returning, except {@link #authenticate}, whose array
 * belongs to the caller.
 */
public final class H2UserStore implements UserDirectory {
    /** Login names: lower case, digits and {@code . _ -}, starting with a letter or digit, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Shortest password accepted (NIST SP 800-63B §5.1.1.2: at least 8 characters for user-chosen secrets). */
    public static final int MIN_PASSWORD_CHARS = 8;

    private static final Logger log = LoggerFactory.getLogger(H2UserStore.class);
    private static final String COLUMNS = "name, role, disabled, created_at, updated_at";

    private final Transactions sql;
    private final PasswordHasher hasher;
    private final NvrClock clock;
    /**
     * A hash of a password nobody has, verified for unknown names so that a login takes as long whether or not the
     * name exists. Made on first use (a slow hash at construction would slow every offline command that never
     * authenticates); a race makes two, both equally good.
     */
    private volatile String dummyHash;

    /**
     * @param database the migrated index database (not closed by this class)
     * @param hasher   hashes new passwords and verifies stored ones
     * @param clock    reads the time for {@code created_at} and {@code updated_at}
     */
    public H2UserStore(Database database, PasswordHasher hasher, NvrClock clock) {
        this.sql = new Transactions(Objects.requireNonNull(database, "database"), "users");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a user and clears {@code password}.
     *
     * @throws NvrException INVALID_ARGUMENT for a name outside {@link #NAME} or a password shorter than
     *                      {@link #MIN_PASSWORD_CHARS} (or longer than {@link PasswordHasher#MAX_PASSWORD_CHARS});
     *                      FAILED_PRECONDITION if the name is taken
     */
    public void addUser(String name, char[] password, Role role) {
        try {
            requireName(name);
            Objects.requireNonNull(role, "role");
            Secrets secrets = secrets(name, password);
            OffsetDateTime now = utc(clock.wallNow());
            sql.run("add user " + name, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_user (name, password_hash, role,"
                        + " digest_ha1_md5, digest_ha1_sha256, disabled, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, secrets.passwordHash);
                    ps.setString(3, role.token());
                    ps.setString(4, secrets.ha1Md5);
                    ps.setString(5, secrets.ha1Sha256);
                    ps.setObject(6, now);
                    ps.setObject(7, now);
                    return ps.executeUpdate();
                } catch (SQLException e) {
                    if (e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1) {
                        throw new NvrException(Kind.FAILED_PRECONDITION, "user " + name + " already exists", e);
                    }
                    throw e;
                }
            });
        } finally {
            clear(password);
        }
    }

    /**
     * Replaces a user's password (and its Digest secrets, and a hash made with fewer iterations than the hasher's
     * current count) and clears {@code password}.
     *
     * @throws NvrException NOT_FOUND for an unknown user; INVALID_ARGUMENT for a bad password
     */
    public void setPassword(String name, char[] password) {
        try {
            requireName(name);
            Secrets secrets = secrets(name, password);
            updateOne(name, "set password of", "password_hash = ?, digest_ha1_md5 = ?, digest_ha1_sha256 = ?",
                    ps -> {
                        ps.setString(1, secrets.passwordHash);
                        ps.setString(2, secrets.ha1Md5);
                        ps.setString(3, secrets.ha1Sha256);
                        return 4;
                    });
        } finally {
            clear(password);
        }
    }

    /** Changes a user's role. @throws NvrException NOT_FOUND for an unknown user */
    public void setRole(String name, Role role) {
        requireName(name);
        Objects.requireNonNull(role, "role");
        updateOne(name, "set role of", "role = ?", ps -> {
            ps.setString(1, role.token());
            return 2;
        });
    }

    /** Disables (logins refused) or enables a user. @throws NvrException NOT_FOUND for an unknown user */
    public void setDisabled(String name, boolean disabled) {
        requireName(name);
        updateOne(name, disabled ? "disable" : "enable", "disabled = ?", ps -> {
            ps.setBoolean(1, disabled);
            return 2;
        });
    }

    /**
     * Removes a user. Its audit entries stay (they hold the name, not a reference).
     *
     * @throws NvrException NOT_FOUND for an unknown user
     */
    public void removeUser(String name) {
        requireName(name);
        int removed = sql.run("remove user " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_user WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate();
            }
        });
        if (removed == 0) {
            throw notFound(name);
        }
    }

    /** Every user, by name; never a hash or secret. */
    public List<UserInfo> list() {
        return sql.run("list users", c -> {
            List<UserInfo> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM app_user ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(userInfo(rs));
                }
            }
            return users;
        });
    }

    /** One user; empty if unknown. */
    public Optional<UserInfo> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return sql.run("find user " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(userInfo(rs)) : Optional.<UserInfo>empty();
                }
            }
        });
    }

    /** Number of users (the server asks for one before it serves anything). */
    public long count() {
        return sql.run("count users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>An unknown name costs one hash computation too (against a fixed dummy hash), so the time taken does not
     * tell which names exist. A disabled user, or one whose stored hash is unreadable, is refused. The array is
     * not cleared: it is the caller's.
     */
    @Override
    public Optional<Principal> authenticate(String name, char[] password) {
        Objects.requireNonNull(password, "password");
        if (name == null || !NAME.matcher(name).matches()) {
            // No lookup and no hash: the name rule is public, so refusing these fast tells nothing.
            return Optional.empty();
        }
        Optional<StoredLogin> stored = sql.run("authenticate " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT password_hash, role, disabled FROM app_user WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredLogin>empty();
                    }
                    return Optional.of(new StoredLogin(rs.getString(1), role(rs.getString(2)), rs.getBoolean(3)));
                }
            }
        });
        if (stored.isEmpty()) {
            hasher.verify(password, dummyHash());
            return Optional.empty();
        }
        StoredLogin login = stored.get();
        boolean matches;
        try {
            matches = hasher.verify(password, login.passwordHash);
        } catch (IllegalArgumentException e) {
            // The message names the bad field, never the stored value.
            log.warn("User {} cannot log in: {}", name, e.getMessage());
            return Optional.empty();
        }
        if (!matches || login.disabled) {
            return Optional.empty();
        }
        return Optional.of(new Principal(name, login.role));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Empty for {@code -sess} algorithms (the verifier derives their A1 from the base algorithm's secret), for a
     * disabled user, and for a user stored without Digest secrets.
     */
    @Override
    public Optional<DigestSecret> digestSecret(String name, DigestAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm.session() || name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String column = algorithm == DigestAlgorithm.MD5 ? "digest_ha1_md5" : "digest_ha1_sha256";
        return sql.run("digest secret of " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT role, disabled, " + column + " FROM app_user WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getBoolean(2) || rs.getString(3) == null) {
                        return Optional.<DigestSecret>empty();
                    }
                    return Optional.of(new DigestSecret(new Principal(name, role(rs.getString(1))), rs.getString(3)));
                }
            }
        });
    }

    @Override
    public String toString() {
        return "H2UserStore";
    }

    /** Sets the statement's leading parameters and returns the index of the next one. */
    @FunctionalInterface
    private interface Setter {
        int set(PreparedStatement ps) throws SQLException;
    }

    private void updateOne(String name, String what, String assignments, Setter setter) {
        OffsetDateTime now = utc(clock.wallNow());
        int updated = sql.run(what + " user " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE app_user SET " + assignments + ", updated_at = ? WHERE name = ?")) {
                int next = setter.set(ps);
                ps.setObject(next, now);
                ps.setString(next + 1, name);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw notFound(name);
        }
    }

    /** The stored forms of a new password. */
    private record Secrets(String passwordHash, String ha1Md5, String ha1Sha256) {
    }

    /** What a login checks. */
    private record StoredLogin(String passwordHash, Role role, boolean disabled) {
        @Override
        public String toString() {
            return "StoredLogin[" + role + ", disabled=" + disabled + "]";
        }
    }

    private Secrets secrets(String name, char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length < MIN_PASSWORD_CHARS || password.length > PasswordHasher.MAX_PASSWORD_CHARS) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "password must be " + MIN_PASSWORD_CHARS + " to "
                    + PasswordHasher.MAX_PASSWORD_CHARS + " characters");
        }
        return new Secrets(hasher.hash(password), ha1(DigestAlgorithm.MD5, name, password),
                ha1(DigestAlgorithm.SHA_256, name, password));
    }

    /**
     * {@code H(name:realm:password)} (RFC 7616 §3.4.2), as {@link DigestAuth#hash(DigestAlgorithm, String)} would
     * compute it from the concatenated string, but without ever making the password a String (which could not be
     * cleared): the UTF-8 bytes are hashed and then zeroed.
     */
    static String ha1(DigestAlgorithm algorithm, String name, char[] password) {
        byte[] prefix = (name + ":" + DIGEST_REALM + ":").getBytes(StandardCharsets.UTF_8);
        // Charset.encode replaces unencodable characters as String.getBytes does, so both forms agree.
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] data = new byte[prefix.length + encoded.remaining()];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        encoded.get(data, prefix.length, encoded.remaining());
        try {
            return DigestAuth.hash(algorithm, data);
        } finally {
            Arrays.fill(data, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            char[] nobody = "no user has this password".toCharArray();
            hash = hasher.hash(nobody);
            dummyHash = hash;
        }
        return hash;
    }

    private static UserInfo userInfo(ResultSet rs) throws SQLException {
        return new UserInfo(rs.getString(1), role(rs.getString(2)), rs.getBoolean(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    private static Role role(String token) {
        // The column's CHECK constraint allows only the three tokens.
        return Role.fromToken(token).orElseThrow(() -> new NvrException(Kind.DATA_LOSS,
                "users: unknown role in the index: " + token));
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "user name must match " + NAME.pattern()
                    + " (lower case, digits, '.', '_', '-'; at most 64 characters)");
        }
    }

    private static NvrException notFound(String name) {
        return new NvrException(Kind.NOT_FOUND, "no user " + name);
    }

    private static void clear(char[] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
