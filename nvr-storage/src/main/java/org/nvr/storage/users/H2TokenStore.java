package org.nvr.storage.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.TokenDirectory;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.Transactions;

/**
 * API tokens in the index's {@code api_token} table: created for a user, listed, revoked, and checked as the
 * admin endpoint's {@link TokenDirectory}. A token is {@code nvr_} and 32 random bytes in base64url (43
 * characters); only its SHA-256 is stored, so the text is shown once, at creation. Thread-safe; every method is a
 * database round trip: never call them on a Netty event loop.
 */
public final class H2TokenStore implements TokenDirectory {
    /** Token names: letters, digits and {@code . _ -}, starting with a letter or digit, at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Lifetimes allowed, in days: up to ten years, for a script nobody wants to revisit. */
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 3650;
    /** Active (unexpired, unrevoked) tokens one user may hold: a script that creates one per run hits this. */
    public static final int MAX_ACTIVE_PER_USER = 100;
    /** Most rows one listing returns, newest first. */
    public static final int MAX_LISTED = 1000;
    /** 256 bits: far beyond guessing, online or from the stored hash. */
    static final int RANDOM_BYTES = 32;
    /** The whole text of a token: the prefix and 43 base64url characters without padding (RFC 4648 §5). */
    static final Pattern TOKEN = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
    /** {@code last_used_at} is written at most this often per token, so a polling script costs no write per call. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final String COLUMNS = "id, user_name, name, created_at, expires_at, last_used_at, revoked";

    private final Transactions sql;
    private final NvrClock clock;
    private final SecureRandom random;

    /**
     * @param database the migrated index database (not closed by this class)
     * @param clock    creation and expiry times
     */
    public H2TokenStore(Database database, NvrClock clock) {
        this(database, clock, new SecureRandom());
    }

    H2TokenStore(Database database, NvrClock clock, SecureRandom random) {
        this.sql = new Transactions(Objects.requireNonNull(database, "database"), "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates a token for {@code user}, valid for {@code lifetimeDays}.
     *
     * @throws NvrException INVALID_ARGUMENT for a name outside {@link #NAME} or days outside
     *                      {@link #MIN_DAYS}..{@link #MAX_DAYS}; FAILED_PRECONDITION when the user already has
     *                      {@link #MAX_ACTIVE_PER_USER} active tokens
     */
    public CreatedToken create(String user, String name, int lifetimeDays) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "token name must be 1 to 64 letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit");
        }
        if (lifetimeDays < MIN_DAYS || lifetimeDays > MAX_DAYS) {
            throw new NvrException(Kind.INVALID_ARGUMENT, "token lifetime must be " + MIN_DAYS + " to " + MAX_DAYS
                    + " days");
        }
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant created = clock.wallNow().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = created.plus(Duration.ofDays(lifetimeDays));
        long id = sql.run("create token for " + user, c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM api_token"
                    + " WHERE user_name = ? AND NOT revoked AND expires_at > ?")) {
                count.setString(1, user);
                count.setObject(2, utc(created));
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= MAX_ACTIVE_PER_USER) {
                        throw new NvrException(Kind.FAILED_PRECONDITION, "user " + user + " already has "
                                + MAX_ACTIVE_PER_USER + " active tokens; revoke some first");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_token (user_name, name, token_sha256,"
                    + " created_at, expires_at, revoked) VALUES (?, ?, ?, ?, ?, FALSE)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, user);
                ps.setString(2, name);
                ps.setString(3, sha256Hex(token));
                ps.setObject(4, utc(created));
                ps.setObject(5, utc(expires));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new CreatedToken(new TokenInfo(id, user, name, created, expires, Optional.empty(), false), token);
    }

    /** Tokens of {@code user}, or of everyone when empty; newest first, at most {@link #MAX_LISTED}. */
    public List<TokenInfo> list(Optional<String> user) {
        String where = user.isPresent() ? " WHERE user_name = ?" : "";
        return sql.run("list tokens", c -> {
            List<TokenInfo> tokens = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token" + where
                    + " ORDER BY id DESC LIMIT " + MAX_LISTED)) {
                if (user.isPresent()) {
                    ps.setString(1, user.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(info(rs));
                    }
                }
            }
            return tokens;
        });
    }

    /** One token; empty if unknown. */
    public Optional<TokenInfo> find(long id) {
        return sql.run("find token " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(info(rs)) : Optional.<TokenInfo>empty();
                }
            }
        });
    }

    /**
     * Revokes a token: it stops working at the next request. Revoking a revoked token changes nothing.
     *
     * @throws NvrException NOT_FOUND for an unknown id
     */
    public void revoke(long id) {
        int updated = sql.run("revoke token " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_token SET revoked = TRUE WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NvrException(Kind.NOT_FOUND, "no token " + id);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Looks the token up by its SHA-256, joined with its user's row, so that a removed user's tokens match
     * nothing and a disabled user's are refused; the role is the user's now, not when the token was made.
     */
    @Override
    public Optional<Principal> authenticateToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Instant now = clock.wallNow();
        String hash = sha256Hex(token);
        return sql.run("authenticate token", c -> {
            long id;
            Principal principal;
            OffsetDateTime lastUsed;
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.user_name, u.role, u.disabled,"
                    + " t.revoked, t.expires_at, t.last_used_at FROM api_token t JOIN app_user u"
                    + " ON u.name = t.user_name WHERE t.token_sha256 = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getBoolean(4) || rs.getBoolean(5)
                            || !now.isBefore(rs.getObject(6, OffsetDateTime.class).toInstant())) {
                        return Optional.<Principal>empty();
                    }
                    id = rs.getLong(1);
                    // The role column's CHECK constraint allows only the three tokens.
                    String roleToken = rs.getString(3);
                    Role role = Role.fromToken(roleToken).orElseThrow(() -> new NvrException(Kind.DATA_LOSS,
                            "tokens: unknown role in the index: " + roleToken));
                    principal = new Principal(rs.getString(2), role);
                    lastUsed = rs.getObject(7, OffsetDateTime.class);
                }
            }
            Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
            if (lastUsed == null || lastUsed.toInstant().plus(LAST_USED_RESOLUTION).compareTo(now) <= 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE api_token SET last_used_at = ? WHERE id = ?")) {
                    ps.setObject(1, utc(minute));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            return Optional.of(principal);
        });
    }

    @Override
    public String toString() {
        return "H2TokenStore";
    }

    /**
     * SHA-256 of the token text, lower-case hex. A fast unsalted hash is right here, unlike for passwords: the
     * token is 256 random bits, so no dictionary or brute force can invert it, and lookup needs a deterministic
     * key.
     */
    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        OffsetDateTime lastUsed = rs.getObject(6, OffsetDateTime.class);
        return new TokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(lastUsed).map(OffsetDateTime::toInstant), rs.getBoolean(7));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
