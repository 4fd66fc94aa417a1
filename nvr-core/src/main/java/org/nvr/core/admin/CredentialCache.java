package org.nvr.core.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nvr.core.auth.Principal;
import org.nvr.core.time.NvrClock;

/**
 * Remembers recent successful Basic logins for a short while, so that a script polling the API does not pay a
 * slow password hash per request. Keyed by SHA-256 of a per-instance random salt and {@code name:password},
 * never the password itself; a wrong password hashes to another key and misses. A changed password or role is
 * seen at most {@code ttl} late. Bounded: the least recently used entry goes first. Thread-safe.
 */
final class CredentialCache {
    private final Duration ttl;
    private final int maxEntries;
    private final NvrClock clock;
    private final byte[] salt = new byte[32];
    private final Map<String, Entry> entries;

    private record Entry(Principal principal, long expiresNanos) {
    }

    /**
     * @param ttl        how long a verified login is trusted (e.g. 60 s)
     * @param maxEntries most logins remembered (e.g. 256)
     * @param clock      its monotonic clock times the entries
     */
    CredentialCache(Duration ttl, int maxEntries, NvrClock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("credential cache ttl must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("credential cache maxEntries " + maxEntries + " < 1");
        }
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > CredentialCache.this.maxEntries;
            }
        };
    }

    /** The principal these credentials were verified as, if that happened less than {@code ttl} ago. */
    /** Forgets every cached verification: after a user's password, role or state changed. */
    synchronized void clear() {
        entries.clear();
    }

    synchronized Optional<Principal> lookup(BasicCredentials credentials) {
        String key = key(credentials);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.monotonicNanos() - entry.expiresNanos >= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.principal);
    }

    /** Remembers that these credentials are {@code principal}'s. */
    synchronized void remember(BasicCredentials credentials, Principal principal) {
        entries.put(key(credentials), new Entry(principal, clock.monotonicNanos() + ttl.toNanos()));
    }

    /** Entries held now (expired ones included until looked up or evicted). */
    synchronized int size() {
        return entries.size();
    }

    private String key(BasicCredentials credentials) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update(salt);
        sha256.update(credentials.name().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) ':');
        ByteBuffer password = StandardCharsets.UTF_8.encode(CharBuffer.wrap(credentials.password()));
        byte[] bytes = new byte[password.remaining()];
        password.get(bytes);
        sha256.update(bytes);
        Arrays.fill(bytes, (byte) 0);
        if (password.hasArray()) {
            Arrays.fill(password.array(), (byte) 0);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
