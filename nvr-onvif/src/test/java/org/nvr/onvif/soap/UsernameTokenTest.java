package org.nvr.onvif.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsernameTokenTest {
    // Nonce bytes 0x00..0x0f; Base64 "AAECAwQFBgcICQoLDA0ODw==".
    private static final byte[] NONCE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @Test
    void digestMatchesAnIndependentComputation() {
        // Computed once in a shell, outside this code base:
        //   printf
        // '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f2026-01-02T03:04:05.678Zpass&word<1>' \
        //     | openssl dgst -sha1 -binary | base64
        assertThat(UsernameToken.digest(NONCE, "2026-01-02T03:04:05.678Z", "pass&word<1>".toCharArray()))
                .isEqualTo("gtMk1rTXbye0m4DERVu+0Ostky0=");
    }

    @Test
    void tokenCarriesBase64NonceAndUtcCreatedWithMillis() {
        UsernameToken t = UsernameToken.create("admin", "pass&word<1>".toCharArray(), NONCE,
                Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(t.nonceBase64()).isEqualTo("AAECAwQFBgcICQoLDA0ODw==");
        assertThat(t.created()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(t.digestBase64()).isEqualTo("gtMk1rTXbye0m4DERVu+0Ostky0=");
        // Whole seconds still print three fraction digits: cameras compare the exact string.
        assertThat(UsernameToken.create("a", new char[] {'p'}, NONCE, Instant.parse("2026-01-02T03:04:05Z"))
                .created()).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(t.toString()).doesNotContain("gtMk1rTX").doesNotContain("pass");
    }

    @Test
    void nonAsciiPasswordIsHashedAsUtf8() {
        // "été" as UTF-8 (c3 a9 74 c3 a9), computed once with:
        //   printf
        // '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f2026-01-02T03:04:05.678Z\xc3\xa9t\xc3\xa9' \
        //     | openssl dgst -sha1 -binary | base64
        assertThat(UsernameToken.digest(NONCE, "2026-01-02T03:04:05.678Z", "\u00e9t\u00e9".toCharArray()))
                .isEqualTo("K62ecwSg8yViolPffCaJV5rnF48=");
    }
}
