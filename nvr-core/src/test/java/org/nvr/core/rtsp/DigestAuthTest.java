package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestAuthTest {

    // RFC 7616 §3.9.1 example.
    private static final String USER = "Mufasa";
    private static final String PASSWORD = "Circle of Life";
    private static final String REALM = "http-auth@example.org";
    private static final String URI = "/dir/index.html";
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void rfc7616Md5() {
        String ha1 = DigestAuth.ha1(DigestAlgorithm.MD5, USER, REALM, PASSWORD, NONCE, CNONCE);
        String ha2 = DigestAuth.ha2(DigestAlgorithm.MD5, "GET", URI);
        assertThat(DigestAuth.response(DigestAlgorithm.MD5, ha1, NONCE, "00000001", CNONCE, "auth", ha2))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc7616Sha256() {
        String ha1 = DigestAuth.ha1(DigestAlgorithm.SHA_256, USER, REALM, PASSWORD, NONCE, CNONCE);
        String ha2 = DigestAuth.ha2(DigestAlgorithm.SHA_256, "GET", URI);
        assertThat(DigestAuth.response(DigestAlgorithm.SHA_256, ha1, NONCE, "00000001", CNONCE, "auth", ha2))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void rfc2617Section35() {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life", realm testrealm@host.com, qop=auth, nc=00000001.
        String ha1 = DigestAuth.ha1(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "0a4f113b");
        String ha2 = DigestAuth.ha2(DigestAlgorithm.MD5, "GET", "/dir/index.html");
        assertThat(DigestAuth.response(DigestAlgorithm.MD5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
                "0a4f113b", "auth", ha2)).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc2069FormWithoutQopAsGstreamerAsksForIt() {
        // Challenge captured from GStreamer rtsp-server 1.22: Digest realm="GStreamer RTSP Server",
        // nonce="d37ed8da047a2e2b" (no qop). Expected value computed with Python's hashlib as
        // MD5(MD5(user:realm:password):nonce:MD5(method:uri)); the same computation was accepted by that server.
        String ha1 = DigestAuth.ha1(DigestAlgorithm.MD5, "admin", "GStreamer RTSP Server", "secret",
                "d37ed8da047a2e2b", "");
        String ha2 = DigestAuth.ha2(DigestAlgorithm.MD5, "DESCRIBE", "rtsp://127.0.0.1:18555/cam1");
        assertThat(DigestAuth.response(DigestAlgorithm.MD5, ha1, "d37ed8da047a2e2b", "", "", "", ha2))
                .isEqualTo("ae6c89818e85255519cc64bd9fdb2eec");
    }

    @Test
    void md5SessAndAuthInt() {
        // Values computed with Python's hashlib from the RFC 7616 §3.9.1 and RFC 2617 §3.5 inputs.
        String sessHa1 = DigestAuth.ha1(DigestAlgorithm.MD5_SESS, USER, REALM, PASSWORD, NONCE, CNONCE);
        String ha2 = DigestAuth.ha2(DigestAlgorithm.MD5_SESS, "GET", URI);
        assertThat(DigestAuth.response(DigestAlgorithm.MD5_SESS, sessHa1, NONCE, "00000001", CNONCE, "auth", ha2))
                .isEqualTo("e783283f46242139c486a698fec7211d");

        String ha1 = DigestAuth.ha1(DigestAlgorithm.MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", "", "");
        String intHa2 = DigestAuth.ha2AuthInt(DigestAlgorithm.MD5, "GET", "/dir/index.html", new byte[0]);
        assertThat(DigestAuth.response(DigestAlgorithm.MD5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
                "0a4f113b", "auth-int", intHa2)).isEqualTo("5e6610ecf9ba3017a4870ad48e3ad30b");
    }

    @Test
    void hashOfEmptyInputMatchesKnownDigests() {
        // RFC 1321 §A.5 test suite: MD5("") = d41d8cd98f00b204e9800998ecf8427e; FIPS 180-4 SHA-256("").
        assertThat(DigestAuth.hash(DigestAlgorithm.MD5, "")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(DigestAuth.hash(DigestAlgorithm.SHA_256, ""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void algorithmTokens() {
        assertThat(DigestAlgorithm.fromToken("md5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("SHA-256-SESS")).contains(DigestAlgorithm.SHA_256_SESS);
        assertThat(DigestAlgorithm.fromToken(" MD5-sess ")).contains(DigestAlgorithm.MD5_SESS);
        assertThat(DigestAlgorithm.fromToken("SHA-512-256")).isEmpty();
    }
}
