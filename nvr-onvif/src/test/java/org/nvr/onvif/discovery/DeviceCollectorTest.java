package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.onvif.discovery.Fixtures.PROBE_MESSAGE_ID;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceCollectorTest {
    private static final InetAddress CAMERA = IpLiterals.ipv4("192.168.1.64").orElseThrow();
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");

    @Test
    void duplicatesAreMergedByEndpointReferenceWithXAddrsUnited() {
        DeviceCollector collector = new DeviceCollector(new ProbeMatchParser(), PROBE_MESSAGE_ID, 256);
        collector.accept(Fixtures.load("hikvision-style.xml"), CAMERA, T0);
        // The same camera answering the repeated Probe, this time also listing its HTTPS endpoint.
        collector.accept(Fixtures.probeMatches(PROBE_MESSAGE_ID, Fixtures.match(
                "urn:uuid:3fa1b2c4-5d6e-11b2-8c3d-bcbac2f1e0d9",
                "https://192.168.1.64/onvif/device_service http://192.168.1.64/onvif/device_service",
                "onvif://www.onvif.org/name/other")), CAMERA, T0.plusMillis(100));
        collector.accept(Fixtures.load("axis-style.xml"), IpLiterals.ipv4("192.168.0.90").orElseThrow(), T0);

        assertThat(collector.devices()).hasSize(2);
        DiscoveredDevice hik = collector.devices().get(0);
        assertThat(hik.xAddrs()).containsExactly(URI.create("http://192.168.1.64/onvif/device_service"),
                URI.create("https://192.168.1.64/onvif/device_service"));
        // The first answer's scopes stand; the sighting time is the latest.
        assertThat(hik.name()).hasValue("HIKVISION DS-2CD2143G2-I");
        assertThat(hik.seen()).isEqualTo(T0.plusMillis(100));
        assertThat(collector.stats()).isEqualTo(new DiscoveryStats(3, 3, 0, 0, 0, 1, 0));
    }

    @Test
    void malformedAndUnrelatedDatagramsAreCountedAndIgnored() {
        DeviceCollector collector = new DeviceCollector(new ProbeMatchParser(), PROBE_MESSAGE_ID, 256);
        collector.accept("<<<".getBytes(StandardCharsets.UTF_8), CAMERA, T0);
        collector.accept(("<!DOCTYPE x [<!ENTITY e \"e\">]>" + "<x>&e;</x>").getBytes(StandardCharsets.UTF_8),
                CAMERA, T0);
        collector.accept(new byte[70_000], CAMERA, T0);
        collector.accept(Fixtures.withRelatesTo(Fixtures.load("axis-style.xml"), "urn:uuid:someone-else"),
                CAMERA, T0);
        collector.accept(Fixtures.load("nvr-two-matches.xml"), CAMERA, T0);
        assertThat(collector.devices()).hasSize(2);
        assertThat(collector.stats()).isEqualTo(new DiscoveryStats(5, 1, 1, 3, 1, 0, 0));
    }

    @Test
    void deviceCountIsBoundedButKnownDevicesStillMerge() {
        DeviceCollector collector = new DeviceCollector(new ProbeMatchParser(), PROBE_MESSAGE_ID, 2);
        for (int i = 1; i <= 4; i++) {
            collector.accept(Fixtures.probeMatches(PROBE_MESSAGE_ID, Fixtures.match("urn:uuid:d" + i,
                    "http://10.0.0." + i + "/onvif/device_service", "")), CAMERA, T0);
        }
        assertThat(collector.full()).isTrue();
        collector.accept(Fixtures.probeMatches(PROBE_MESSAGE_ID, Fixtures.match("urn:uuid:d1",
                "http://10.0.0.101/onvif/device_service", "")), CAMERA, T0);
        assertThat(collector.devices()).extracting(DiscoveredDevice::endpointReference)
                .containsExactly("urn:uuid:d1", "urn:uuid:d2");
        assertThat(collector.devices().get(0).xAddrs()).hasSize(2);
        assertThat(collector.stats().overflow()).isEqualTo(2);
        assertThat(collector.stats().duplicates()).isEqualTo(1);
    }
}
