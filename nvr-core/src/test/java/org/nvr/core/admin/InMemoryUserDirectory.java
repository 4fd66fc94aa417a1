package org.nvr.core.admin;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.core.auth.DigestSecret;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.auth.UserDirectory;
import org.nvr.core.rtsp.DigestAlgorithm;

/** Users with plain-text passwords, counting password checks (to see the credential cache work). */
final class InMemoryUserDirectory implements UserDirectory {
    private record User(char[] password, Role role) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    final AtomicInteger authenticateCalls = new AtomicInteger();

    InMemoryUserDirectory add(String name, String password, Role role) {
        users.put(name, new User(password.toCharArray(), role));
        return this;
    }

    @Override
    public Optional<Principal> authenticate(String name, char[] password) {
        authenticateCalls.incrementAndGet();
        User user = users.get(name);
        if (user == null || !Arrays.equals(user.password(), password)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(name, user.role()));
    }

    @Override
    public Optional<DigestSecret> digestSecret(String name, DigestAlgorithm algorithm) {
        return Optional.empty();
    }
}
