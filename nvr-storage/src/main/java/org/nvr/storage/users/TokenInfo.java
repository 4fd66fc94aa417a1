package org.nvr.storage.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What may be shown about an API token: never the token or its hash.
 *
 * @param id         its number, to revoke it by
 * @param user       the user it acts for
 * @param name       what it is for (e.g. {@code backup-script})
 * @param createdAt  when it was created (UTC)
 * @param expiresAt  when it stops working (UTC)
 * @param lastUsedAt when it last authenticated a request (UTC, to the minute), if ever
 * @param revoked    whether it was revoked
 */
public record TokenInfo(long id, String user, String name, Instant createdAt, Instant expiresAt,
                        Optional<Instant> lastUsedAt, boolean revoked) {
    public TokenInfo {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /** Usable at {@code now}: neither revoked nor expired. */
    public boolean activeAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
