package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveredDeviceTest {
    private static final InetAddress RESPONDER = IpLiterals.ipv4("10.0.0.5").orElseThrow();

    private static DiscoveredDevice withScopes(String... scopes) {
        return new DiscoveredDevice("urn:uuid:1", List.of(), List.of(), List.of(scopes), RESPONDER, Instant.EPOCH);
    }

    @Test
    void scopeHelpersPercentDecodeTheFirstMatchingScope() {
        DiscoveredDevice d = withScopes("onvif://www.onvif.org/type/video_encoder",
                "onvif://www.onvif.org/name/Hof%20West%20%E2%86%92%20Tor",
                "onvif://www.onvif.org/name/second",
                "onvif://www.onvif.org/hardware/IPC%2DB140",
                "onvif://www.onvif.org/location/building/3/floor%202");
        assertThat(d.name()).hasValue("Hof West \u2192 Tor");
        assertThat(d.hardware()).hasValue("IPC-B140");
        assertThat(d.location()).hasValue("building/3/floor 2");
    }

    @Test
    void kindSegmentAndAuthorityMatchCaseInsensitively() {
        assertThat(withScopes("ONVIF://www.ONVIF.org/Name/Lobby").name()).hasValue("Lobby");
    }

    @Test
    void badEscapesAndInvalidUtf8AreShownRaw() {
        assertThat(withScopes("onvif://www.onvif.org/name/100%").name()).hasValue("100%");
        assertThat(withScopes("onvif://www.onvif.org/name/a%zzb").name()).hasValue("a%zzb");
        // %C3 alone is a truncated two-byte UTF-8 sequence.
        assertThat(withScopes("onvif://www.onvif.org/name/S%C3d").name()).hasValue("S%C3d");
        assertThat(withScopes("onvif://www.onvif.org/name/a+b").name()).hasValue("a+b");
    }

    @Test
    void absentOrEmptyScopesGiveNothing() {
        DiscoveredDevice d = withScopes("onvif://www.onvif.org/name/", "http://example.org/name/x");
        assertThat(d.name()).isEmpty();
        assertThat(d.hardware()).isEmpty();
        assertThat(d.location()).isEmpty();
        assertThat(d.isNetworkVideoTransmitter()).isFalse();
    }

    @Test
    void endpointReferenceIsRequired() {
        assertThatThrownBy(() -> new DiscoveredDevice(" ", List.of(), List.of(), List.of(), RESPONDER,
                Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }
}
