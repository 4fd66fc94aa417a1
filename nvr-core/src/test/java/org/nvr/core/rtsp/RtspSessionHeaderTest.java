package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class RtspSessionHeaderTest {

    @Test
    void withTimeout() {
        // Captured from VLC 3.0.24.
        RtspSessionHeader s = RtspSessionHeader.parse("d658963bcef11984;timeout=60");
        assertThat(s.id()).isEqualTo("d658963bcef11984");
        assertThat(s.timeout()).contains(Duration.ofSeconds(60));
        assertThat(s.format()).isEqualTo("d658963bcef11984;timeout=60");
    }

    @Test
    void withoutTimeoutTheRfcDefaultApplies() {
        // Captured from GStreamer rtsp-server 1.22: '+' and '-' in the id, no timeout.
        RtspSessionHeader s = RtspSessionHeader.parse("Y9d-dLRVzfGOu+4+");
        assertThat(s.id()).isEqualTo("Y9d-dLRVzfGOu+4+");
        assertThat(s.timeout()).isEmpty();
        assertThat(s.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.format()).isEqualTo("Y9d-dLRVzfGOu+4+");
    }

    @Test
    void toleratesSpacesCaseAndUnknownParameters() {
        // Axis ids contain '$' (home-assistant/core#43436); Hikvision writes "; timeout=60".
        RtspSessionHeader s = RtspSessionHeader.parse(" Q5RTb$uZab-mP35F ; Timeout = 30 ;foo=bar");
        assertThat(s.id()).isEqualTo("Q5RTb$uZab-mP35F");
        assertThat(s.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RtspSessionHeader.parse("12345678;x").timeout()).isEmpty();
    }

    @Test
    void badValuesFail() {
        assertBad("", "id is empty");
        assertBad(";timeout=60", "id is empty");
        assertBad("a".repeat(129), "longer than 128");
        assertBad("abc def", "characters outside visible ASCII");
        assertBad("abc\u00e9", "characters outside visible ASCII");
        assertBad("12345678;timeout=abc", "timeout 'abc' is not 1..86400 seconds");
        assertBad("12345678;timeout=-5", "timeout '-5'");
        assertBad("12345678;timeout=0", "timeout '0'");
        assertBad("12345678;timeout=", "timeout ''");
        assertBad("12345678;timeout=99999999999", "timeout '99999999999'");
    }

    @Test
    void recordValidation() {
        assertThatThrownBy(() -> new RtspSessionHeader("a;b", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtspSessionHeader("ab", Optional.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBad(String header, String messagePart) {
        assertThatThrownBy(() -> RtspSessionHeader.parse(header))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(messagePart);
    }
}
