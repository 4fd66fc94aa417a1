package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nvr.core.auth.Role;
import org.nvr.core.rtsp.AuthChallenge;
import org.nvr.core.rtsp.DigestAlgorithm;
import org.nvr.core.rtsp.DigestAuth;
import org.nvr.core.time.NvrClock;

class DigestVerifierTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final NvrClock clock = new NvrClock() {
        @Override
        public Instant wallNow() {
            return Instant.EPOCH.plusNanos(nanos.get());
        }

        @Override
        public long monotonicNanos() {
            return nanos.get();
        }
    };
    private final NonceService nonces = new NonceService(clock, Duration.ofMinutes(3), new SecureRandom());
    private final FakeUsers users = new FakeUsers().add("Mufasa", "Circle of Life", Role.VIEWER);
    private final DigestVerifier verifier = new DigestVerifier(users, nonces);

    /**
     * RFC 7616 §3.9.1: GET /dir/index.html by Mufasa, password "Circle of Life", realm http-auth@example.org,
     * qop=auth, nc=00000001: the response computed from a stored H(A1) (as the server has it) is the RFC's.
     */
    @Test
    void storedHa1GivesTheRfc7616ExampleResponses() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String md5Ha1 = DigestAuth.ha1(DigestAlgorithm.MD5, "Mufasa", "http-auth@example.org", "Circle of Life", "", "");
        assertThat(DigestAuth.response(DigestAlgorithm.MD5, md5Ha1, nonce, "00000001", cnonce, "auth",
                DigestAuth.ha2(DigestAlgorithm.MD5, "GET", "/dir/index.html")))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        String shaHa1 = DigestAuth.ha1(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life",
                "", "");
        assertThat(DigestAuth.response(DigestAlgorithm.SHA_256, shaHa1, nonce, "00000001", cnonce, "auth",
                DigestAuth.ha2(DigestAlgorithm.SHA_256, "GET", "/dir/index.html")))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void acceptsQopAuthAndRfc2069FormsInBothAlgorithms() {
        for (DigestAlgorithm algorithm : new DigestAlgorithm[] {DigestAlgorithm.MD5, DigestAlgorithm.SHA_256,
                DigestAlgorithm.MD5_SESS}) {
            AuthOutcome withQop = verifier.verify(credentials(algorithm, "Circle of Life", "auth", "rtsp://h/cam1",
                    nonces.issue()), "DESCRIBE", "rtsp://h/cam1");
            assertThat(withQop.granted()).as(algorithm + " qop=auth: " + withQop.reason()).isTrue();
        }
        AuthOutcome rfc2069 = verifier.verify(credentials(DigestAlgorithm.MD5, "Circle of Life", "", "rtsp://h/cam1",
                nonces.issue()), "DESCRIBE", "rtsp://h/cam1");
        assertThat(rfc2069.granted()).isTrue();
        assertThat(rfc2069.principal().get().name()).isEqualTo("Mufasa");
    }

    @Test
    void refusesWrongPasswordOtherUriForeignNonceAndUnknownUser() {
        String uri = "rtsp://h/cam1";
        assertThat(verifier.verify(credentials(DigestAlgorithm.MD5, "Circle of Lies", "auth", uri, nonces.issue()),
                "DESCRIBE", uri).reason()).isEqualTo("wrong Digest response");
        assertThat(verifier.verify(credentials(DigestAlgorithm.MD5, "Circle of Life", "auth", uri, nonces.issue()),
                "DESCRIBE", "rtsp://h/cam2").granted()).isFalse();
        assertThat(verifier.verify(credentials(DigestAlgorithm.MD5, "Circle of Life", "auth", uri,
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"), "DESCRIBE", uri).reason())
                .contains("nonce not issued");
        AuthChallenge other = AuthChallenge.parse("Digest username=\"Scar\", realm=\"NVR\", nonce=\"" + nonces.issue()
                + "\", uri=\"" + uri + "\", response=\"00\"").get(0);
        assertThat(verifier.verify(other, "DESCRIBE", uri).granted()).isFalse();
        // The same response for another method does not pass (H(A2) covers the method).
        assertThat(verifier.verify(credentials(DigestAlgorithm.MD5, "Circle of Life", "auth", uri, nonces.issue()),
                "PLAY", uri).granted()).isFalse();
    }

    @Test
    void expiredNonceWithTheRightResponseIsStale() {
        String nonce = nonces.issue();
        nanos.addAndGet(Duration.ofMinutes(3).plusSeconds(1).toNanos());
        AuthOutcome outcome = verifier.verify(credentials(DigestAlgorithm.MD5, "Circle of Life", "auth", "rtsp://h/c",
                nonce), "DESCRIBE", "rtsp://h/c");
        assertThat(outcome.granted()).isFalse();
        assertThat(outcome.stale()).isTrue();
        assertThat(nonces.check(nonce)).isEqualTo(NonceService.Validity.STALE);
        assertThat(nonces.check(nonces.issue())).isEqualTo(NonceService.Validity.VALID);
        // A nonce with its time changed fails the HMAC.
        byte[] raw = java.util.Base64.getUrlDecoder().decode(nonces.issue());
        raw[7] ^= 1;
        assertThat(nonces.check(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
                .isEqualTo(NonceService.Validity.INVALID);
        assertThat(nonces.check("not base64 !")).isEqualTo(NonceService.Validity.INVALID);
    }

    /** Credentials as a client computes them from the password (realm NVR, as the server's challenge says). */
    private static AuthChallenge credentials(DigestAlgorithm algorithm, String password, String qop, String uri,
                                             String nonce) {
        String cnonce = "0a4f113b";
        String ha1 = DigestAuth.ha1(algorithm, "Mufasa", "NVR", password, nonce, cnonce);
        String response = DigestAuth.response(algorithm, ha1, nonce, "00000001", cnonce, qop,
                DigestAuth.ha2(algorithm, "DESCRIBE", uri));
        String header = "Digest username=\"Mufasa\", realm=\"NVR\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=" + algorithm.token() + ", response=\"" + response + "\""
                + (qop.isEmpty() ? "" : ", qop=" + qop + ", nc=00000001, cnonce=\"" + cnonce + "\"");
        return AuthChallenge.parse(header).get(0);
    }
}
