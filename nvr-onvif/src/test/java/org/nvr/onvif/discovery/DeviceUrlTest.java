package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceUrlTest {
    private static URI parse(String text) {
        return DeviceUrl.parse(text).uri();
    }

    @Test
    void fullUrlsAreKept() {
        assertThat(parse("http://10.0.0.5/onvif/device_service"))
                .isEqualTo(URI.create("http://10.0.0.5/onvif/device_service"));
        assertThat(parse(" https://cam-3.site.example:8443/onvif/device_service "))
                .isEqualTo(URI.create("https://cam-3.site.example:8443/onvif/device_service"));
    }

    @Test
    void hostsAndHostPortsGetTheDefaultSchemeAndPath() {
        assertThat(parse("10.0.0.5")).isEqualTo(URI.create("http://10.0.0.5/onvif/device_service"));
        assertThat(parse("10.0.0.5:8080")).isEqualTo(URI.create("http://10.0.0.5:8080/onvif/device_service"));
        assertThat(parse("cam-3.site.example")).isEqualTo(URI.create("http://cam-3.site.example/onvif/device_service"));
        assertThat(parse("[2001:db8::5]:80")).isEqualTo(URI.create("http://[2001:db8::5]:80/onvif/device_service"));
        assertThat(parse("http://10.0.0.5")).isEqualTo(URI.create("http://10.0.0.5/onvif/device_service"));
        assertThat(parse("HTTPS://10.0.0.5/")).isEqualTo(URI.create("https://10.0.0.5/onvif/device_service"));
    }

    @Test
    void otherSchemesAndMalformedTextAreRefusedNamingThem() {
        assertThatThrownBy(() -> DeviceUrl.parse("rtsp://10.0.0.5/stream1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https")
                .hasMessageContaining("rtsp://10.0.0.5/stream1");
        for (String bad : List.of("", "   ", "10.0.0.5:x", "10.0.0.5:99999", "10.0.0.5:0", "10.0.0.5:",
                "http://", "http:///onvif/device_service", "http://[::1/x", "a b")) {
            assertThatThrownBy(() -> DeviceUrl.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.strip());
        }
    }

    @Test
    void credentialsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> DeviceUrl.parse("http://admin:Secr3t@10.0.0.5/onvif/device_service"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials")
                .hasMessageNotContaining("Secr3t");
        assertThatThrownBy(() -> new DeviceUrl(URI.create("http://admin:Secr3t@10.0.0.5/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Secr3t");
    }
}
