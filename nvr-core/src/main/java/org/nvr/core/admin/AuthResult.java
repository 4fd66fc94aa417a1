package org.nvr.core.admin;

import org.nvr.core.auth.Principal;

/** The outcome of checking a request's credentials against a route: go ahead as a user, or this refusal. */
sealed interface AuthResult permits AuthResult.Granted, AuthResult.Refused {
    /** The user may call the route. */
    record Granted(Principal principal) implements AuthResult {
    }

    /** The request is answered with {@code response} (401, 403 or 429) and goes no further. */
    record Refused(AdminResponse response) implements AuthResult {
    }
}
