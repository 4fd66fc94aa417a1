package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class RtspAuthenticatorTest {

    // RFC 7616 §3.9.1: two headers, SHA-256 first, then MD5.
    private static final String RFC7616_SHA256 = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
            + "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    private static final String RFC7616_MD5 = RFC7616_SHA256.replace("SHA-256", "MD5");
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final Supplier<String> FIXED_CNONCE = () -> RFC7616_CNONCE;

    // RFC 2617 §3.5.
    private static final String RFC2617 = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    // Captured from GStreamer rtsp-server 1.22.
    private static final String GSTREAMER = "Digest realm=\"GStreamer RTSP Server\", nonce=\"d37ed8da047a2e2b\"";

    @Test
    void choosesSha256OverMd5AndReproducesRfc7616() {
        RtspAuthenticator auth = new RtspAuthenticator("Mufasa", "Circle of Life", FIXED_CNONCE);
        assertThat(auth.authorization("GET", "/dir/index.html")).isEmpty();
        assertThat(auth.onUnauthorized(List.of(RFC7616_MD5, RFC7616_SHA256))).isTrue();
        assertThat(auth.authorization("GET", "/dir/index.html")).contains("Digest username=\"Mufasa\", "
                + "realm=\"http-auth@example.org\", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                + "uri=\"/dir/index.html\", "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", algorithm=SHA-256, "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", qop=auth, nc=00000001, "
                + "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\"");
        assertThat(auth.toString()).contains("Digest SHA-256").doesNotContain("Circle");
    }

    @Test
    void md5WhenOnlyMd5IsOffered() {
        RtspAuthenticator auth = new RtspAuthenticator("Mufasa", "Circle of Life", FIXED_CNONCE);
        assertThat(auth.onUnauthorized(List.of(RFC7616_MD5))).isTrue();
        assertThat(auth.authorization("GET", "/dir/index.html").orElseThrow())
                .contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"", "algorithm=MD5");
    }

    @Test
    void nonceCountIncrementsPerRequest() {
        RtspAuthenticator auth = new RtspAuthenticator("Mufasa", "Circle Of Life", () -> "0a4f113b");
        assertThat(auth.onUnauthorized(List.of(RFC2617))).isTrue();
        String first = auth.authorization("GET", "/dir/index.html").orElseThrow();
        String second = auth.authorization("GET", "/dir/index.html").orElseThrow();
        // RFC 2617 §3.5 response, then the same inputs with nc=00000002 (computed with Python's hashlib).
        assertThat(first).contains("response=\"6629fae49393a05397450978507c4ef1\"", "nc=00000001",
                "cnonce=\"0a4f113b\"", "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"").doesNotContain("algorithm");
        assertThat(second).contains("response=\"15b6bb427e3fecd23a43cb702ce447d5\"", "nc=00000002");
    }

    @Test
    void authIntWhenItIsTheOnlyQop() {
        RtspAuthenticator auth = new RtspAuthenticator("Mufasa", "Circle Of Life", () -> "0a4f113b");
        assertThat(auth.onUnauthorized(List.of(RFC2617.replace("qop=\"auth,auth-int\"", "qop=\"auth-int\"")))).isTrue();
        assertThat(auth.authorization("GET", "/dir/index.html").orElseThrow())
                .contains("response=\"5e6610ecf9ba3017a4870ad48e3ad30b\"", "qop=auth-int");
    }

    @Test
    void rfc2069FormForGstreamer() {
        RtspAuthenticator auth = new RtspAuthenticator("admin", "secret", () -> {
            throw new AssertionError("no cnonce without qop");
        });
        assertThat(auth.onUnauthorized(List.of(GSTREAMER))).isTrue();
        assertThat(auth.authorization("DESCRIBE", "rtsp://127.0.0.1:18555/cam1")).contains("Digest "
                + "username=\"admin\", realm=\"GStreamer RTSP Server\", nonce=\"d37ed8da047a2e2b\", "
                + "uri=\"rtsp://127.0.0.1:18555/cam1\", response=\"ae6c89818e85255519cc64bd9fdb2eec\"");
    }

    @Test
    void basicWhenNothingBetter() {
        // RFC 7617 §2 example: Aladdin / open sesame.
        RtspAuthenticator auth = new RtspAuthenticator("Aladdin", "open sesame");
        assertThat(auth.onUnauthorized(List.of("Basic realm=\"WallyWorld\"", "Digest realm=\"x\"",
                "Digest realm=\"y\", nonce=\"n\", algorithm=SHA-512-256", "Bearer realm=\"z\""))).isTrue();
        assertThat(auth.authorization("DESCRIBE", "rtsp://h/x")).contains("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertThat(auth.toString()).contains("Basic").doesNotContain("sesame");
    }

    @Test
    void digestPreferredOverBasic() {
        RtspAuthenticator auth = new RtspAuthenticator("admin", "secret");
        assertThat(auth.onUnauthorized(List.of("Basic realm=\"r\", " + GSTREAMER))).isTrue();
        assertThat(auth.authorization("OPTIONS", "rtsp://h/"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Digest "));
    }

    @Test
    void unsupportedChallengesReturnFalse() {
        RtspAuthenticator auth = new RtspAuthenticator("u", "p");
        assertThat(auth.onUnauthorized(List.of())).isFalse();
        assertThat(auth.onUnauthorized(List.of("Bearer realm=\"r\""))).isFalse();
        // Digest with no qop but a -sess algorithm has no cnonce to use; qop options we do not know.
        assertThat(auth.onUnauthorized(List.of("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess"))).isFalse();
        assertThat(auth.onUnauthorized(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""))).isFalse();
        assertThat(auth.onUnauthorized(List.of("Digest nonce=\"n\""))).isFalse();
        assertThat(auth.authorization("DESCRIBE", "rtsp://h/")).isEmpty();
    }

    @Test
    void sameChallengeAfterAnsweringMeansWrongCredentials() {
        RtspAuthenticator auth = new RtspAuthenticator("admin", "wrong");
        assertThat(auth.onUnauthorized(List.of(GSTREAMER))).isTrue();
        auth.authorization("DESCRIBE", "rtsp://h/cam1");
        assertThat(auth.onUnauthorized(List.of(GSTREAMER))).isFalse();
        assertThat(auth.onUnauthorized(List.of(GSTREAMER))).isFalse();
    }

    @Test
    void newNonceAfterOneFailedAnswerMeansWrongCredentials() {
        // Hikvision hands out a fresh nonce with every 401, stale=FALSE.
        RtspAuthenticator auth = new RtspAuthenticator("admin", "wrong");
        assertThat(auth.onUnauthorized(List.of(hik("n1", "FALSE")))).isTrue();
        auth.authorization("DESCRIBE", "rtsp://h/");
        assertThat(auth.onUnauthorized(List.of(hik("n2", "FALSE")))).isFalse();
    }

    @Test
    void newNonceAfterASuccessIsAnsweredOnce() {
        RtspAuthenticator auth = new RtspAuthenticator("admin", "right");
        assertThat(auth.onUnauthorized(List.of(hik("n1", "FALSE")))).isTrue();
        auth.authorization("DESCRIBE", "rtsp://h/");
        auth.authorization("SETUP", "rtsp://h/trackID=1");
        // The nonce expired (no stale flag from this camera): answer the new one...
        assertThat(auth.onUnauthorized(List.of(hik("n2", "FALSE")))).isTrue();
        assertThat(auth.authorization("PLAY", "rtsp://h/").orElseThrow()).contains("nonce=\"n2\"");
        // ...but not a third in a row without a success in between.
        assertThat(auth.onUnauthorized(List.of(hik("n3", "FALSE")))).isFalse();
    }

    @Test
    void staleIsAnsweredOnceInARow() {
        RtspAuthenticator auth = new RtspAuthenticator("admin", "right", () -> "c");
        assertThat(auth.onUnauthorized(List.of(hik("n1", "FALSE") + ", qop=auth"))).isTrue();
        auth.authorization("DESCRIBE", "rtsp://h/");
        assertThat(auth.onUnauthorized(List.of(hik("n2", "TRUE") + ", qop=auth"))).isTrue();
        assertThat(auth.authorization("DESCRIBE", "rtsp://h/").orElseThrow()).contains("nc=00000001", "nonce=\"n2\"");
        assertThat(auth.onUnauthorized(List.of(hik("n3", "TRUE") + ", qop=auth"))).isFalse();
    }

    @Test
    void malformedHeadersAreSkippedUnlessAllAreMalformed() {
        RtspAuthenticator auth = new RtspAuthenticator("admin", "secret");
        assertThat(auth.onUnauthorized(List.of("Digest realm=\"broken", GSTREAMER))).isTrue();
        assertThatThrownBy(() -> new RtspAuthenticator("a", "b").onUnauthorized(List.of("Digest realm=\"broken")))
                .isInstanceOf(MalformedInputException.class);
    }

    @Test
    void quotesInUserAreEscaped() {
        RtspAuthenticator auth = new RtspAuthenticator("a\"b\\c", "p");
        auth.onUnauthorized(List.of(GSTREAMER));
        assertThat(auth.authorization("OPTIONS", "*").orElseThrow()).startsWith("Digest username=\"a\\\"b\\\\c\", ");
    }

    @Test
    void defaultCnoncesAreRandomHex() {
        Supplier<String> cnonces = RtspAuthenticator.secureRandomCnonces();
        String a = cnonces.get();
        assertThat(a).matches("[0-9a-f]{32}");
        assertThat(cnonces.get()).isNotEqualTo(a);
    }

    private static String hik(String nonce, String stale) {
        return "Digest realm=\"IP Camera(C2358)\", nonce=\"" + nonce + "\", stale=\"" + stale + "\"";
    }
}
