package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;

/** RTSP Basic credentials ({@code rtsp.allowBasic: true}) of every Base64 padding length. */
class RequestAuthenticatorBasicTest {
    private final FakeUsers users = new FakeUsers()
            .add("admin1", "Wr0ng adm1n guess", Role.ADMIN)
            .add("admin2", "Wr0ng adm1n guess!", Role.ADMIN)
            .add("admin3", "Wr0ng adm1n guess!!", Role.ADMIN);
    private final RequestAuthenticator authenticator = new RequestAuthenticator(users,
            new NonceService(NvrClock.SYSTEM, Duration.ofMinutes(3), new SecureRandom()), true);

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * "admin1:Wr0ng adm1n guess" is 24 bytes, so its Base64 has no '=' padding: it was read as a second auth
     * scheme and refused as "Authorization must hold one credential" (found by SecretsInLogsIT).
     */
    @Test
    void basicCredentialsWithAndWithoutPaddingAreAccepted() {
        assertThat(basic("admin1", "Wr0ng adm1n guess")).doesNotEndWith("=");
        assertThat(basic("admin2", "Wr0ng adm1n guess!")).endsWith("==");
        assertThat(basic("admin3", "Wr0ng adm1n guess!!")).endsWith("=").doesNotEndWith("==");
        for (String user : new String[] {"admin1", "admin2", "admin3"}) {
            String password = "Wr0ng adm1n guess" + "!".repeat(user.charAt(5) - '1');
            AuthOutcome outcome = authenticator.authenticate(basic(user, password), "DESCRIBE", "rtsp://h/cam");
            assertThat(outcome.granted()).as(user + ": " + outcome.reason()).isTrue();
        }
    }

    @Test
    void aWrongUnpaddedPasswordIsRefusedNamingTheUser() {
        AuthOutcome outcome = authenticator.authenticate(basic("admin2", "Wr0ng adm1n guesX"), "DESCRIBE",
                "rtsp://h/cam");
        assertThat(basic("admin2", "Wr0ng adm1n guesX")).doesNotEndWith("=");
        assertThat(outcome.granted()).isFalse();
        assertThat(outcome.userName()).isEqualTo("admin2");
    }
}
