package org.nvr.core.rtsp.server;

import java.util.Objects;
import java.util.Optional;
import org.nvr.core.auth.Principal;

/**
 * The result of checking a request's credentials.
 *
 * @param principal who it is, when the credentials were good
 * @param userName  the user name the client claimed ({@code -} when none), for the audit log only
 * @param stale     true when a Digest response was right but its nonce expired (RFC 7616 §3.3 {@code stale=true})
 * @param reason    why it was refused, for logs and the audit row; never holds credentials
 */
record AuthOutcome(Optional<Principal> principal, String userName, boolean stale, String reason) {

    AuthOutcome {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(reason, "reason");
    }

    static AuthOutcome granted(Principal principal) {
        return new AuthOutcome(Optional.of(principal), principal.name(), false, "");
    }

    static AuthOutcome refused(String userName, String reason) {
        return new AuthOutcome(Optional.empty(), userName, false, reason);
    }

    static AuthOutcome staleNonce(String userName) {
        return new AuthOutcome(Optional.empty(), userName, true, "nonce expired");
    }

    boolean granted() {
        return principal.isPresent();
    }

    /** Whether the client sent no credentials at all (a first request): not an audited failure. */
    boolean anonymous() {
        return principal.isEmpty() && !stale && reason.equals(NO_CREDENTIALS);
    }

    static final String NO_CREDENTIALS = "no credentials";
}
