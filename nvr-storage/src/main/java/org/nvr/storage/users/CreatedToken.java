package org.nvr.storage.users;

import java.util.Objects;

/**
 * A token just created: the only time its text exists outside the client. {@link #toString()} hides it.
 *
 * @param info  what is stored about it
 * @param token the token text ({@code nvr_} and 43 base64url characters), to show to its creator once
 */
public record CreatedToken(TokenInfo info, String token) {
    public CreatedToken {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "CreatedToken[" + info + ", token=<hidden>]";
    }
}
