package org.nvr.core.auth;

import java.util.Locale;
import java.util.Optional;

/** A user's role, ordered: viewer (live and recorded video) < operator (PTZ, export) < admin (cameras, users). */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** True if this role grants everything {@code required} grants. */
    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }

    /** Lower-case name as stored in the index and shown to admins ({@code viewer}, {@code operator}, {@code admin}). */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #token()}; empty for anything else. */
    public static Optional<Role> fromToken(String token) {
        for (Role role : values()) {
            if (role.token().equals(token)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
