package org.nvr.core.auth;

import java.util.Optional;

/**
 * API tokens for scripts ({@code Authorization: Bearer nvr_...}), as the admin endpoint checks them. Implemented by
 * storage (the index's {@code api_token} table), so that the endpoint needs no database.
 *
 * <p>May block (a database read): call it off Netty event loops.
 */
public interface TokenDirectory {
    /** Every token starts with this, so that a leaked one is recognisable (secret scanners, log filters). */
    String PREFIX = "nvr_";

    /**
     * The user a token acts for, with that user's <em>current</em> role; empty if the token is unknown, expired or
     * revoked, or its user is disabled or removed.
     */
    Optional<Principal> authenticateToken(String token);
}
