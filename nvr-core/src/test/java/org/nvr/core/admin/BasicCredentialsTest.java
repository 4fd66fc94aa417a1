package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
    @Test
    void parsesTheRfcExample() {
        // RFC 7617 §2: "Aladdin" / "open sesame" is "QWxhZGRpbjpvcGVuIHNlc2FtZQ==".
        BasicCredentials credentials = BasicCredentials.parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertThat(credentials.name()).isEqualTo("Aladdin");
        assertThat(credentials.password()).containsExactly("open sesame".toCharArray());
        assertThat(credentials.toString()).doesNotContain("sesame");

        credentials.wipe();
        assertThat(credentials.password()).containsOnly('\0');
    }

    @Test
    void schemeIsCaseInsensitiveAndPasswordsMayHoldColonsAndUtf8() {
        // RFC 7617 §2.1 example: "test" / "123£" in UTF-8 is "dGVzdDoxMjPCow==".
        BasicCredentials utf8 = BasicCredentials.parse("basic dGVzdDoxMjPCow==");
        assertThat(utf8.name()).isEqualTo("test");
        assertThat(new String(utf8.password())).isEqualTo("123£");
        // "a" / "b:c" is "YTpiOmM=": the first colon separates.
        BasicCredentials colon = BasicCredentials.parse("BASIC YTpiOmM=");
        assertThat(colon.name()).isEqualTo("a");
        assertThat(new String(colon.password())).isEqualTo("b:c");
        // "a" / "" is "YTo=".
        assertThat(BasicCredentials.parse("Basic YTo=").password()).isEmpty();
    }

    @Test
    void malformedHeadersAreRefusedWithoutEchoingThem() {
        String[] bad = {
            "Basic",                         // no token
            "Bearer YTpi",                   // another scheme
            "Basic !!!",                     // not base64
            "Basic YWJj",                    // "abc": no colon
            "Basic OmI=",                    // ":b": empty user name
            "Basic /w==",                    // 0xFF: not UTF-8
            "Basic YQk6Yg==",                // "a\t:b": control character in the name
            "Basic " + "A".repeat(2000),     // too long
        };
        for (String header : bad) {
            String token = header.length() > 6 ? header.substring(6) : "no token";
            assertThatThrownBy(() -> BasicCredentials.parse(header)).as(header)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
    }
}
