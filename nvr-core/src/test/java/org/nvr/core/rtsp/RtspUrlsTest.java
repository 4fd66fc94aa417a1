package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class RtspUrlsTest {

    @Test
    void absoluteControlIsUsedAsIs() {
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.64/Streaming/Channels/101",
                "rtsp://192.0.2.64:554/Streaming/Channels/101/trackID=1"))
                .isEqualTo("rtsp://192.0.2.64:554/Streaming/Channels/101/trackID=1");
        assertThat(RtspUrls.resolveControl("rtsp://a/b", "RTSPS://other/x")).isEqualTo("RTSPS://other/x");
    }

    @Test
    void starOrEmptyControlIsTheBase() {
        assertThat(RtspUrls.resolveControl("rtsp://127.0.0.1:8554/cam1/", "*"))
                .isEqualTo("rtsp://127.0.0.1:8554/cam1/");
        assertThat(RtspUrls.resolveControl("rtsp://h/cam", "")).isEqualTo("rtsp://h/cam");
        assertThat(RtspUrls.resolveControl("rtsp://h/cam", null)).isEqualTo("rtsp://h/cam");
        assertThat(RtspUrls.resolveControl("rtsp://h/cam", "  ")).isEqualTo("rtsp://h/cam");
    }

    @Test
    void relativeControlIsAppendedWithOneSlash() {
        // GStreamer: Content-Base ends with '/'.
        assertThat(RtspUrls.resolveControl("rtsp://127.0.0.1:8554/cam1/", "stream=0"))
                .isEqualTo("rtsp://127.0.0.1:8554/cam1/stream=0");
        // live555 / Hikvision V5 without a trailing '/': ffmpeg and live555 insert one.
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.70/stream.264", "track1"))
                .isEqualTo("rtsp://192.0.2.70/stream.264/track1");
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.64/ISAPI/Streaming/channels/101/", "trackID=video"))
                .isEqualTo("rtsp://192.0.2.64/ISAPI/Streaming/channels/101/trackID=video");
    }

    @Test
    void baseWithQueryIsAppendedToAfterTheQuery() {
        // Dahua: Content-Base rtsp://.../cam/realmonitor?channel=1&subtype=0/ (with the slash after the query)
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.108:554/cam/realmonitor?channel=1&subtype=0/",
                "trackID=0")).isEqualTo("rtsp://192.0.2.108:554/cam/realmonitor?channel=1&subtype=0/trackID=0");
        // and when a camera gives no Content-Base, the DESCRIBE URL (no slash) is the base, as ffmpeg does it.
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.108/cam/realmonitor?channel=1&subtype=0", "trackID=0"))
                .isEqualTo("rtsp://192.0.2.108/cam/realmonitor?channel=1&subtype=0/trackID=0");
    }

    @Test
    void absolutePathControlReplacesThePath() {
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.1:554/live/main?x=1", "/live/main/track2"))
                .isEqualTo("rtsp://192.0.2.1:554/live/main/track2");
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.1", "/t")).isEqualTo("rtsp://192.0.2.1/t");
    }

    @Test
    void controlWithColonButNoSchemeIsRelative() {
        assertThat(RtspUrls.resolveControl("rtsp://h/c/", "track:1")).isEqualTo("rtsp://h/c/track:1");
        assertThat(RtspUrls.resolveControl("rtsp://h/c/", "1x://y")).isEqualTo("rtsp://h/c/1x://y");
    }

    @Test
    void redactRemovesUserInformation() {
        assertThat(RtspUrls.redact("rtsp://admin:secret@192.0.2.64:554/Streaming/Channels/101"))
                .isEqualTo("rtsp://192.0.2.64:554/Streaming/Channels/101");
        assertThat(RtspUrls.redact("rtsp://admin@h/x")).isEqualTo("rtsp://h/x");
        // Unencoded '@' and '/' in the password, as typed into camera configurations.
        assertThat(RtspUrls.redact("rtsp://admin:p@ss/w0rd@192.0.2.1/live")).isEqualTo("rtsp://192.0.2.1/live");
        assertThat(RtspUrls.redact("rtsp://192.0.2.1/live?x=1")).isEqualTo("rtsp://192.0.2.1/live?x=1");
        assertThat(RtspUrls.redact("admin:pw@host")).isEqualTo("host");
        assertThat(RtspUrls.redact(null)).isEqualTo("null");
        assertThat(RtspUrls.redact("")).isEmpty();
    }

    @Test
    void splitExtractsAndDecodesCredentials() {
        UrlCredentials c = UrlCredentials.split(
                "rtsp://admin:p%40ss%3Aw%C3%B6rd+1@192.0.2.64:554/Streaming/Channels/101?transportmode=unicast");
        assertThat(c.urlWithoutUserInfo())
                .isEqualTo("rtsp://192.0.2.64:554/Streaming/Channels/101?transportmode=unicast");
        assertThat(c.user()).isEqualTo("admin");
        assertThat(c.password()).isEqualTo("p@ss:wörd+1");
        assertThat(c.hasCredentials()).isTrue();
        assertThat(c.toString()).doesNotContain("p@ss").contains("password=***");
    }

    @Test
    void splitWithoutCredentialsAndOtherForms() {
        UrlCredentials none = UrlCredentials.split("rtsp://127.0.0.1:8554/cam1");
        assertThat(none).isEqualTo(new UrlCredentials("rtsp://127.0.0.1:8554/cam1", "", ""));
        assertThat(none.hasCredentials()).isFalse();
        assertThat(UrlCredentials.split("RTSPS://user@cam.example.org").urlWithoutUserInfo())
                .isEqualTo("RTSPS://cam.example.org");
        UrlCredentials raw = UrlCredentials.split("rtsp://admin:p@ss@192.0.2.1/live");
        assertThat(raw.password()).isEqualTo("p@ss");
        assertThat(raw.urlWithoutUserInfo()).isEqualTo("rtsp://192.0.2.1/live");
        UrlCredentials colons = UrlCredentials.split("rtsp://u:a:b@[2001:db8::1]:8554/x");
        assertThat(colons.password()).isEqualTo("a:b");
        assertThat(colons.urlWithoutUserInfo()).isEqualTo("rtsp://[2001:db8::1]:8554/x");
    }

    @Test
    void splitRejectsBadUrlsWithRedactedMessages() {
        assertBad("http://admin:secret@h/x", "'http://h/x': scheme is not rtsp:// or rtsps://");
        assertBad("192.0.2.1/live", "scheme");
        assertBad("rtsp://admin:secret@/x", "'rtsp:///x': missing or bad host");
        assertBad("rtsp://admin:secret@h:0/x", "port is not in 1..65535");
        assertBad("rtsp://admin:secret@h:65536/x", "port is not in 1..65535");
        assertBad("rtsp://admin:secret@h:12a/x", "port is not in 1..65535");
        assertBad("rtsp://admin:secret@h:/x", "port is not in 1..65535");
        assertBad("rtsp://admin:secret@h st/x", "missing or bad host");
        assertBad("rtsp://admin:secret@[2001:db8::1/x", "no closing ']'");
        assertBad("rtsp://admin:secret@[zz]/x", "bad IPv6 host");
        assertBad("rtsp://admin:secret@[::1]x/x", "after the IPv6 host");
        assertBad("rtsp://admin:se%2cret%@h/x", "bad percent escape");
        // A '/' in an unencoded password ends the authority early: rejected, and the message still hides it.
        assertBad("rtsp://admin:pa/ss@h/x", "'rtsp://h/x'");
    }

    private static void assertBad(String url, String messagePart) {
        assertThatThrownBy(() -> UrlCredentials.split(url))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("pa/ss"));
    }
}
