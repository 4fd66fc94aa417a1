package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nvr.core.auth.Principal;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;

class CredentialCacheTest {
    private long nanos;
    private final NvrClock clock = new NvrClock() {
        @Override
        public Instant wallNow() {
            return Instant.EPOCH;
        }

        @Override
        public long monotonicNanos() {
            return nanos;
        }
    };
    private final Principal ann = new Principal("ann", Role.ADMIN);

    private static BasicCredentials credentials(String name, String password) {
        return new BasicCredentials(name, password.toCharArray());
    }

    @Test
    void remembersTheExactCredentialsForTheTtl() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 256, clock);
        cache.remember(credentials("ann", "pw"), ann);

        assertThat(cache.lookup(credentials("ann", "pw"))).hasValue(ann);
        assertThat(cache.lookup(credentials("ann", "pw2"))).isEmpty();
        assertThat(cache.lookup(credentials("ann", "PW"))).isEmpty();
        // Name and password are separated: "an" + "n:pw" must not collide with "ann" + "pw".
        assertThat(cache.lookup(credentials("an", "n:pw"))).isEmpty();

        nanos += Duration.ofSeconds(60).toNanos();
        assertThat(cache.lookup(credentials("ann", "pw"))).isEmpty();
    }

    @Test
    void isBounded() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 2, clock);
        cache.remember(credentials("a", "1"), ann);
        cache.remember(credentials("b", "2"), ann);
        cache.lookup(credentials("a", "1"));
        cache.remember(credentials("c", "3"), ann);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.lookup(credentials("a", "1"))).isPresent();
        assertThat(cache.lookup(credentials("b", "2"))).isEmpty();
    }
}
