package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The WebDriver client's JSON helper (RFC 8259 §7 strings), with responses shaped like chromedriver's. */
class JsonTest {
    @Test
    void quotesControlCharactersQuotesAndBackslashes() {
        assertThat(Json.quote("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\u000ad\\u0001\"");
        assertThat(Json.array(List.of("--no-sandbox", "--user-data-dir=/tmp/x"))).isEqualTo(
                "[\"--no-sandbox\",\"--user-data-dir=/tmp/x\"]");
    }

    @Test
    void readsAStringMemberWithEscapes() {
        // chromedriver's answer to execute/sync returning "mode=src\nerror=null\n" and a "/" escaped as "\/".
        String response = "{\"value\":\"mode=src\\nerror=null\\n\\u00e9\\/\"}";
        assertThat(Json.stringMember(response, "value")).isEqualTo("mode=src\nerror=null\n\u00e9/");
    }

    @Test
    void nullOrAbsentMemberIsNull() {
        assertThat(Json.stringMember("{\"value\":null}", "value")).isNull();
        assertThat(Json.stringMember("{\"other\":\"x\"}", "value")).isNull();
    }

    @Test
    void rejectsNonStringsAndMalformedStrings() {
        assertThatThrownBy(() -> Json.stringMember("{\"value\":{\"error\":\"no such window\"}}", "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a string");
        assertThatThrownBy(() -> Json.stringMember("{\"value\":\"open", "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> Json.stringMember("{\"value\":\"\\x\"}", "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> Json.stringMember("{\"value\":\"\\u12\"}", "value"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }
}
