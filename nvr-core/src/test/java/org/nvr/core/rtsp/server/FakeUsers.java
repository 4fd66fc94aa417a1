package org.nvr.core.rtsp.server;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.nvr.core.auth.DigestSecret;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;

/** An in-memory user directory: stores only H(A1) per algorithm for Digest, and the password for Basic checks. */
final class FakeUsers implements UserDirectory {

    private final Map<String, Principal> principals = new HashMap<>();
    private final Map<String, String> md5 = new HashMap<>();
    private final Map<String, String> sha256 = new HashMap<>();
    private final Map<String, char[]> passwords = new HashMap<>();

    FakeUsers add(String name, String password, Role role) {
        principals.put(name, new Principal(name, role));
        md5.put(name, DigestAuth.ha1(DigestAlgorithm.MD5, name, DIGEST_REALM, password, "", ""));
        sha256.put(name, DigestAuth.ha1(DigestAlgorithm.SHA_256, name, DIGEST_REALM, password, "", ""));
        passwords.put(name, password.toCharArray());
        return this;
    }

    @Override
    public Optional<Principal> authenticate(String name, char[] password) {
        char[] stored = passwords.get(name);
        return stored != null && Arrays.equals(stored, password) ? Optional.of(principals.get(name))
                : Optional.empty();
    }

    @Override
    public Optional<DigestSecret> digestSecret(String name, DigestAlgorithm algorithm) {
        Map<String, String> table = algorithm == DigestAlgorithm.MD5 ? md5
                : algorithm == DigestAlgorithm.SHA_256 ? sha256 : Map.of();
        String ha1 = table.get(name);
        return ha1 == null ? Optional.empty() : Optional.of(new DigestSecret(principals.get(name), ha1));
    }
}
