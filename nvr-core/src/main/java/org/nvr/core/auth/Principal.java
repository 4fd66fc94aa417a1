package org.nvr.core.auth;

import java.util.Objects;

/** An authenticated user: the name as it is written to the audit log, and the role that decides what it may do. */
public record Principal(String name, Role role) {
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("user name must be 1 to 64 characters");
        }
    }
}
