package org.nvr.storage.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes with the JDK's PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), in the self-describing format
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>} (standard Base64 with padding, RFC 4648 §4), so
 * that the iteration count can be raised later: a stored hash verifies with the count written in it, and is
 * replaced by one at the current count on the next password change. Thread-safe.
 */
public final class PasswordHasher {
    /** Iterations for new hashes: OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /**
     * The most iterations a stored hash may ask for. A row is trusted data, but a hash asking for billions of
     * iterations would hang every login of that user; 10 million is about 16 times today's default.
     */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Random salt per hash, bytes (NIST SP 800-132 §5.1 asks for at least 16). */
    public static final int SALT_BYTES = 16;
    /** Derived key length, bytes: SHA-256's output size (more would only cost the defender, RFC 8018 §5.2). */
    public static final int HASH_BYTES = 32;
    /** Longest password hashed, characters: longer ones are refused rather than hashed at a cost. */
    public static final int MAX_PASSWORD_CHARS = 1024;
    /** The algorithm tag, first field of the format. */
    static final String SCHEME = "pbkdf2-sha256";
    private static final String JDK_ALGORITHM = "PBKDF2WithHmacSHA256";
    /** Longest stored string accepted (the column is VARCHAR(512)). */
    private static final int MAX_STORED_CHARS = 512;

    private final int iterations;
    private final SecureRandom random;

    /** New hashes with {@link #DEFAULT_ITERATIONS} and a fresh {@link SecureRandom}. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS, new SecureRandom());
    }

    /**
     * @param iterations PBKDF2 iterations for new hashes, 1 to {@link #MAX_ITERATIONS} (tests use a few; production
     *                   {@link #DEFAULT_ITERATIONS})
     * @param random     salt source
     */
    public PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1 to " + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Iterations of new hashes. */
    public int iterations() {
        return iterations;
    }

    /**
     * Hashes {@code password} with a new random salt. The array is left as it is (the caller clears it).
     *
     * @throws IllegalArgumentException if the password is empty or longer than {@link #MAX_PASSWORD_CHARS}
     */
    public String hash(char[] password) {
        requirePassword(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code stored}, compared in constant time. An empty or too long password
     * never matches. The array is left as it is.
     *
     * @throws IllegalArgumentException if {@code stored} is not in this class's format (the message says which
     *                                  field is wrong and never repeats the stored value)
     */
    public boolean verify(char[] password, String stored) {
        Stored parsed = parse(stored);
        if (password.length == 0 || password.length > MAX_PASSWORD_CHARS) {
            return false;
        }
        byte[] actual = pbkdf2(password, parsed.salt, parsed.iterations, parsed.hash.length);
        try {
            return MessageDigest.isEqual(actual, parsed.hash);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    /** Whether {@code stored} was made with fewer iterations than new hashes get (so worth replacing). */
    public boolean needsRehash(String stored) {
        return parse(stored).iterations < iterations;
    }

    /**
     * Raw PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) of the UTF-8 bytes of {@code password}, as the JDK computes it.
     *
     * @param keyBytes derived key length, bytes
     */
    static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance(JDK_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // PBKDF2WithHmacSHA256 is in every JDK since 8 (Java Security Standard Algorithm Names).
            throw new IllegalStateException(JDK_ALGORITHM + " unavailable: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    private static void requirePassword(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0 || password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password must be 1 to " + MAX_PASSWORD_CHARS + " characters");
        }
    }

    /** The fields of a stored hash. */
    private record Stored(int iterations, byte[] salt, byte[] hash) {
    }

    private static Stored parse(String stored) {
        Objects.requireNonNull(stored, "stored");
        if (stored.length() > MAX_STORED_CHARS) {
            throw malformed("longer than " + MAX_STORED_CHARS + " characters");
        }
        String[] fields = stored.split("\\$", -1);
        if (fields.length != 4) {
            throw malformed("expected 4 '$'-separated fields, found " + fields.length);
        }
        if (!SCHEME.equals(fields[0])) {
            throw malformed("unknown scheme (expected " + SCHEME + ")");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(fields[1]);
        } catch (NumberFormatException e) {
            throw malformed("iterations are not a number");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw malformed("iterations " + iterations + " outside 1 to " + MAX_ITERATIONS);
        }
        byte[] salt = base64(fields[2], "salt");
        byte[] hash = base64(fields[3], "hash");
        if (salt.length == 0) {
            throw malformed("empty salt");
        }
        if (hash.length < 16 || hash.length > 64) {
            throw malformed("hash of " + hash.length + " bytes (expected 16 to 64)");
        }
        return new Stored(iterations, salt, hash);
    }

    private static byte[] base64(String text, String field) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed(field + " is not Base64");
        }
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed password hash: " + why);
    }
}
