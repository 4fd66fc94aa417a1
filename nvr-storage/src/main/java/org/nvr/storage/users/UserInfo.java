package org.nvr.storage.users;

import java.time.Instant;
import java.util.Objects;
import org.nvr.core.auth.Role;

/**
 * What may be shown about a user: never the password hash or the Digest secrets.
 *
 * @param name      login name
 * @param role      role
 * @param disabled  whether logins are refused
 * @param createdAt when the user was added (UTC)
 * @param updatedAt when the password, role or disabled flag last changed (UTC)
 */
public record UserInfo(String name, Role role, boolean disabled, Instant createdAt, Instant updatedAt) {
    public UserInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
