package org.nvr.bench;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.auth.DigestSecret;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;

/**
 * The benchmark's user directory: one operator (may watch and export), whose Digest secrets are computed once by
 * {@link DigestAuth#ha1}, as the index stores them. No database, so the figures hold the server's own work and not
 * H2's user lookup (the audit log, which every PLAY writes before video goes out, is the real H2 one).
 */
final class BenchUsers implements UserDirectory {
    static final String USER = "bench";
    static final String PASSWORD = "bench-Pa55word";

    private final Principal principal = new Principal(USER, Role.OPERATOR);
    private final String md5 = DigestAuth.ha1(DigestAlgorithm.MD5, USER, DIGEST_REALM, PASSWORD, "", "");
    private final String sha256 = DigestAuth.ha1(DigestAlgorithm.SHA_256, USER, DIGEST_REALM, PASSWORD, "", "");

    @Override
    public Optional<Principal> authenticate(String name, char[] password) {
        return USER.equals(name) && Arrays.equals(PASSWORD.toCharArray(), password) ? Optional.of(principal)
                : Optional.empty();
    }

    @Override
    public Optional<DigestSecret> digestSecret(String name, DigestAlgorithm algorithm) {
        if (!USER.equals(name)) {
            return Optional.empty();
        }
        Objects.requireNonNull(algorithm, "algorithm");
        String ha1 = algorithm == DigestAlgorithm.MD5 ? md5 : algorithm == DigestAlgorithm.SHA_256 ? sha256 : null;
        return ha1 == null ? Optional.empty() : Optional.of(new DigestSecret(principal, ha1));
    }
}
