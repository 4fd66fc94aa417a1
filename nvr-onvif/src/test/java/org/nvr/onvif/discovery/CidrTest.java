package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static List<String> expand(String text) {
        return WsDiscovery.cidr(text).stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void slash24LeavesOutNetworkAndBroadcast() {
        List<String> hosts = expand("192.168.1.0/24");
        assertThat(hosts).hasSize(254).startsWith("192.168.1.1").endsWith("192.168.1.254");
    }

    @Test
    void smallPrefixes() {
        assertThat(expand("10.0.0.4/30")).containsExactly("10.0.0.5", "10.0.0.6");
        // RFC 3021: both addresses of a /31 are hosts.
        assertThat(expand("10.0.0.4/31")).containsExactly("10.0.0.4", "10.0.0.5");
        assertThat(expand("10.0.0.4/32")).containsExactly("10.0.0.4");
        assertThat(expand(" 10.0.0.9 ")).containsExactly("10.0.0.9");
    }

    @Test
    void hostBitsAreMaskedOff() {
        assertThat(expand("192.168.1.77/29")).containsExactly("192.168.1.73", "192.168.1.74", "192.168.1.75",
                "192.168.1.76", "192.168.1.77", "192.168.1.78");
    }

    @Test
    void slash20IsTheWidestAndCrossesOctets() {
        List<String> hosts = expand("172.16.16.0/20");
        assertThat(hosts).hasSize(4094).startsWith("172.16.16.1").contains("172.16.20.0")
                .endsWith("172.16.31.254");
        assertThat(expand("255.255.255.0/24")).endsWith("255.255.255.254");
    }

    @Test
    void widerThanSlash20IsRefused() {
        assertThatThrownBy(() -> WsDiscovery.cidr("10.0.0.0/19")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/19").hasMessageContaining("8192");
        assertThatThrownBy(() -> WsDiscovery.cidr("0.0.0.0/0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedTextIsRefusedNamingIt() {
        for (String bad : List.of("", "abc", "192.168.1/24", "192.168.1.0.0/24", "192.168.1.256/24",
                "192.168.01.0/24", "192.168.1.0/", "192.168.1.0/33", "192.168.1.0/-1", "192.168.1.0/2a",
                "192.168.1.0/024", "-1.0.0.0/24", "1..2.3/24", "fe80::/120", "192.168.1.0/24/8")) {
            assertThatThrownBy(() -> WsDiscovery.cidr(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + bad.strip() + "\"");
        }
    }
}
