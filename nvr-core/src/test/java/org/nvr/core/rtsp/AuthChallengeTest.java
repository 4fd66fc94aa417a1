package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class AuthChallengeTest {

    @Test
    void gstreamerDigestWithoutQop() {
        // Captured from GStreamer rtsp-server 1.22 with RTSPAuth digest.
        List<AuthChallenge> cs = AuthChallenge.parse(
                "Digest realm=\"GStreamer RTSP Server\", nonce=\"d37ed8da047a2e2b\"");
        assertThat(cs).containsExactly(new AuthChallenge("Digest",
                Map.of("realm", "GStreamer RTSP Server", "nonce", "d37ed8da047a2e2b")));
        AuthChallenge c = cs.get(0);
        assertThat(c.isDigest()).isTrue();
        assertThat(c.qopOptions()).isEmpty();
        assertThat(c.algorithm()).isEqualTo("MD5");
        assertThat(c.stale()).isFalse();
    }

    @Test
    void rfc7616ChallengeWithQopListAlgorithmAndOpaque() {
        // RFC 7616 §3.9.1, folded onto one line.
        AuthChallenge c = AuthChallenge.parse("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
                + "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"").get(0);
        assertThat(c.realm()).isEqualTo("http-auth@example.org");
        assertThat(c.qopOptions()).containsExactly("auth", "auth-int");
        assertThat(c.algorithm()).isEqualTo("SHA-256");
        assertThat(c.param("OPAQUE")).contains("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
    }

    @Test
    void severalChallengesInOneHeaderAndAcrossHeaders() {
        // Hikvision style: Digest and Basic in one header (shaped like DS-2CD firmware 5.x replies).
        List<AuthChallenge> one = AuthChallenge.parse("Digest realm=\"IP Camera(C2358)\", "
                + "nonce=\"4e7a4d324d7a5a6a4f6a4e6d\", stale=\"FALSE\", Basic realm=\"IP Camera(C2358)\"");
        assertThat(one).extracting(AuthChallenge::scheme).containsExactly("Digest", "Basic");
        assertThat(one.get(0).stale()).isFalse();
        assertThat(one.get(1).realm()).isEqualTo("IP Camera(C2358)");

        List<AuthChallenge> all = AuthChallenge.parseAll(List.of("Basic realm=\"a\"",
                "Digest realm=\"b\",nonce=\"n\",stale=TRUE,algorithm=\"MD5-sess\",qop=auth"));
        assertThat(all).hasSize(2);
        assertThat(all.get(1).stale()).isTrue();
        assertThat(all.get(1).algorithm()).isEqualTo("MD5-sess");
        assertThat(all.get(1).qopOptions()).containsExactly("auth");
    }

    @Test
    void quotedStringsWithEscapesCommasAndEmptyValues() {
        AuthChallenge c = AuthChallenge.parse("Digest realm=\"a \\\"quoted\\\" \\\\ realm, with comma\", "
                + "nonce=\"x\" , opaque=\"\", domain=\"/a /b\"").get(0);
        assertThat(c.realm()).isEqualTo("a \"quoted\" \\ realm, with comma");
        assertThat(c.param("opaque")).contains("");
        assertThat(c.param("domain")).contains("/a /b");
    }

    @Test
    void schemeAloneAndToken68() {
        assertThat(AuthChallenge.parse("Basic")).containsExactly(new AuthChallenge("Basic", Map.of()));
        List<AuthChallenge> cs = AuthChallenge.parse("Negotiate YII=, Basic realm=\"r\"");
        assertThat(cs.get(0).param("token68")).contains("YII=");
        assertThat(cs.get(1).isBasic()).isTrue();
        assertThat(AuthChallenge.parse("  ")).isEmpty();
        // Unpadded Base64 (a multiple of 3 bytes) is one token68, not a second scheme: Basic credentials of
        // "admin1:Wr0ng adm1n guess" were refused as "two credentials" before (found by SecretsInLogsIT).
        assertThat(AuthChallenge.parse("Basic YWRtaW4xOldyMG5nIGFkbTFuIGd1ZXNz")).containsExactly(
                new AuthChallenge("Basic", Map.of("token68", "YWRtaW4xOldyMG5nIGFkbTFuIGd1ZXNz")));
        assertThat(AuthChallenge.parse("Basic dXNlcjpw/+x=  , Digest realm=\"r\"")).extracting(AuthChallenge::scheme)
                .containsExactly("Basic", "Digest");
        assertThat(AuthChallenge.parse("Basic dXNlcjpw/+x=  , Digest realm=\"r\"").get(0).param("token68"))
                .contains("dXNlcjpw/+x=");
        assertThat(AuthChallenge.parse("Negotiate abc, Basic realm=\"r\"").get(0).param("token68")).contains("abc");
        // An empty value after other parameters is kept as an empty parameter, not token68.
        assertThat(AuthChallenge.parse("Digest realm=\"r\", opaque=").get(0).param("opaque")).contains("");
    }

    @Test
    void malformedHeadersFail() {
        assertBad("Digest realm=\"unterminated", "unterminated quoted string");
        assertBad("Digest realm=\"a\" nonce=\"b\"", "expected ',' after parameter 'realm'");
        assertBad("Digest \"realm\"", "expected a parameter");
        assertBad("Basic realm=\"a\", \"junk\"", "expected an auth scheme");
        assertBad("=x", "expected an auth scheme");
        assertBad("Digest realm=IP Camera", "expected ','");
        StringBuilder many = new StringBuilder("Digest ");
        for (int i = 0; i < 40; i++) {
            many.append("p").append(i).append("=v,");
        }
        assertBad(many.toString(), "more than 32 parameters");
        assertBad("Basic,".repeat(20), "more than 16 authentication challenges");
        assertBad("Basic realm=\"" + "x".repeat(9000) + "\"", "exceeds 8192");
        assertThatThrownBy(() -> AuthChallenge.parseAll(List.of("Basic,".repeat(10), "Basic,".repeat(10))))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("more than 16");
    }

    private static void assertBad(String header, String messagePart) {
        assertThatThrownBy(() -> AuthChallenge.parse(header))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(messagePart);
    }
}
