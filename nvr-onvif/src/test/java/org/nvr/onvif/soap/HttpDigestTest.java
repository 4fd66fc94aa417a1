package org.nvr.onvif.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpDigestTest {
    // RFC 7616 §3.9.1 example: user Mufasa, password "Circle of Life", GET /dir/index.html.
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static DigestChallenge rfc(String algorithm) {
        return new DigestChallenge("http-auth@example.org", NONCE, Optional.of(OPAQUE), algorithm, true);
    }

    @Test
    void rfc7616ExampleMd5AndSha256() {
        char[] pw = "Circle of Life".toCharArray();
        // Values printed in RFC 7616 §3.9.1, and recomputed with openssl dgst -md5 / -sha256 over
        // HA1 = H("Mufasa:http-auth@example.org:Circle of Life"), HA2 = H("GET:/dir/index.html").
        assertThat(HttpDigest.response(rfc("MD5"), "GET", "/dir/index.html", "Mufasa", pw, CNONCE, "00000001"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(HttpDigest.response(rfc("SHA-256"), "GET", "/dir/index.html", "Mufasa", pw, CNONCE, "00000001"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void sessionVariantAndNoQopForm() {
        // openssl: HA1 = sha256("admin:IP Camera(C1234):12345"), HA1' = sha256(HA1 + ":abc:cn1"),
        // HA2 = sha256("POST:/onvif/device_service"), response = sha256(HA1' + ":abc:00000002:cn1:auth:" + HA2).
        DigestChallenge sess = new DigestChallenge("IP Camera(C1234)", "abc", Optional.empty(), "SHA-256-sess", true);
        assertThat(HttpDigest.response(sess, "POST", "/onvif/device_service", "admin", "12345".toCharArray(), "cn1",
                "00000002")).isEqualTo("bd797677f7f97317ce6e5828fb01ad7ce532bdf94e940e3fec72bb37b38ef339");
        // RFC 2069 form (no qop offered): md5(HA1 + ":n0nce:" + HA2), HA1 = md5("admin:cam:12345"),
        // HA2 = md5("POST:/onvif/Media"), computed with openssl dgst -md5.
        DigestChallenge old = new DigestChallenge("cam", "n0nce", Optional.empty(), "MD5", false);
        assertThat(HttpDigest.response(old, "POST", "/onvif/Media", "admin", "12345".toCharArray(), "x", "00000001"))
                .isEqualTo("ef6af0fc280b3aca2e91089bdf7b72c5");
    }

    @Test
    void authorizationHeaderCarriesEveryParameterAndEscapesQuotes() {
        String h = HttpDigest.authorization(rfc("SHA-256"), "GET", "/dir/index.html", "Mu\"fasa",
                "Circle of Life".toCharArray(), CNONCE, 1);
        assertThat(h).startsWith("Digest username=\"Mu\\\"fasa\"").contains("realm=\"http-auth@example.org\"")
                .contains("nonce=\"" + NONCE + "\"").contains("uri=\"/dir/index.html\"").contains("algorithm=SHA-256")
                .contains("qop=auth, nc=00000001, cnonce=\"" + CNONCE + "\"").contains("opaque=\"" + OPAQUE + "\"")
                .doesNotContain("Circle");
    }

    @Test
    void selectsSha256OverMd5AndSkipsWhatItCannotAnswer() {
        List<String> headers = List.of("Basic realm=\"x\"",
                "Digest realm=\"r\", nonce=\"n1\", qop=\"auth,auth-int\", algorithm=MD5",
                "Digest realm=\"r\", nonce=\"n2\", qop=\"auth\", algorithm=SHA-256, opaque=\"o\"");
        DigestChallenge c = DigestChallenge.select(headers).orElseThrow();
        assertThat(c.algorithm()).isEqualTo("SHA-256");
        assertThat(c.nonce()).isEqualTo("n2");
        assertThat(c.opaque()).hasValue("o");
        // Hikvision-style header: quoted qop, stale flag, no algorithm (means MD5, RFC 7616 §3.3).
        DigestChallenge hik = DigestChallenge.parse(
                "Digest qop=\"auth\", realm=\"IP Camera(C1234)\", nonce=\"4e5468694e7a\", stale=\"FALSE\"")
                .orElseThrow();
        assertThat(hik.algorithm()).isEqualTo("MD5");
        assertThat(hik.realm()).isEqualTo("IP Camera(C1234)");
        assertThat(hik.qopAuth()).isTrue();
    }

    @Test
    void badChallengesAreIgnored() {
        assertThat(DigestChallenge.parse("Digest realm=\"r\"")).isEmpty(); // no nonce
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"unterminated")).isEmpty();
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256")).isEmpty();
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")).isEmpty();
        assertThat(DigestChallenge.parse("Digest realm=\"" + "x".repeat(5000) + "\", nonce=\"n\"")).isEmpty();
        assertThat(DigestChallenge.parse("Digest garbage")).isEmpty();
        assertThat(DigestChallenge.parse(null)).isEmpty();
        assertThat(DigestChallenge.select(List.of())).isEmpty();
        assertThatThrownBy(() -> new DigestChallenge("r", "n", Optional.empty(), "SHA-1", true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
