package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** WsDiscovery against a fake device on 127.0.0.1: real sockets, real datagrams. */
class WsDiscoveryLoopbackTest {
    private static final String HIK = "urn:uuid:3fa1b2c4-5d6e-11b2-8c3d-bcbac2f1e0d9";
    private static final String AXIS = "urn:uuid:a4c8e2f0-1b3d-4e5f-8a7b-00408c1d2e3f";
    private static final InetAddress LOCALHOST = IpLiterals.ipv4("127.0.0.1").orElseThrow();

    /** What the fake device sends for each Probe: two cameras, a duplicate, garbage, and another client's match. */
    private static List<byte[]> answers(String messageId) {
        List<byte[]> out = new ArrayList<>();
        out.add(Fixtures.withRelatesTo(Fixtures.load("hikvision-style.xml"), messageId));
        out.add("<SOAP-ENV:Envelope><unclosed".getBytes(StandardCharsets.UTF_8));
        out.add(Fixtures.withRelatesTo(Fixtures.load("axis-style.xml"),
                "urn:uuid:00000000-0000-4000-8000-000000000001"));
        out.add(Fixtures.withRelatesTo(Fixtures.load("axis-style.xml"), messageId));
        // The first camera again, from a second network stack that announces 0.0.0.0.
        out.add(Fixtures.probeMatches(messageId, Fixtures.match(HIK, "http://0.0.0.0:8080/onvif/device_service",
                "onvif://www.onvif.org/name/ignored")));
        return out;
    }

    @Test
    void unicastSweepCollectsDeDuplicatedDevices() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0));
        try (FakeOnvifResponder device = new FakeOnvifResponder(socket, WsDiscoveryLoopbackTest::answers)) {
            WsDiscovery discovery = new WsDiscovery(DiscoveryOptions.defaults().withPort(device.port())
                    .withListenFor(Duration.ofMillis(800)));
            // 127.0.0.2 is loopback too but nobody listens there; 127.0.0.1 twice is probed once.
            List<DiscoveredDevice> devices = discovery.probeUnicast(List.of(LOCALHOST,
                    IpLiterals.ipv4("127.0.0.2").orElseThrow(), LOCALHOST));

            assertThat(device.probes()).isEqualTo(1);
            assertThat(devices).extracting(DiscoveredDevice::endpointReference).containsExactly(HIK, AXIS);
            DiscoveredDevice hik = devices.get(0);
            // 192.168.1.64 as announced; fe80:: and 0.0.0.0 replaced with the responder (127.0.0.1).
            assertThat(hik.xAddrs()).containsExactly(URI.create("http://192.168.1.64/onvif/device_service"),
                    URI.create("http://127.0.0.1/onvif/device_service"),
                    URI.create("http://127.0.0.1:8080/onvif/device_service"));
            assertThat(hik.name()).hasValue("HIKVISION DS-2CD2143G2-I");
            assertThat(hik.responder()).isEqualTo(LOCALHOST);
            assertThat(devices.get(1).name()).hasValue("AXIS P3245-LVE");
            assertThat(discovery.lastStats()).isEqualTo(new DiscoveryStats(5, 3, 1, 1, 0, 1, 0));
        }
    }

    @Test
    void unicastSweepIsBoundedAndIpv4Only() {
        WsDiscovery discovery = new WsDiscovery(DiscoveryOptions.defaults());
        List<InetAddress> tooMany = new ArrayList<>(Collections.nCopies(WsDiscovery.MAX_UNICAST_HOSTS + 1,
                LOCALHOST));
        assertThatThrownBy(() -> discovery.probeUnicast(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4096");
        InetAddress v6 = IpLiterals.uriHost("[::1]").orElseThrow();
        assertThatThrownBy(() -> discovery.probeUnicast(List.of(v6))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv4");
    }

    @Test
    void multicastProbeOverLoopback() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOCALHOST);
        Assumptions.assumeTrue(lo != null, "no loopback interface holding 127.0.0.1");
        InetAddress group = DiscoveryOptions.defaults().multicastGroup();
        MulticastSocket socket = new MulticastSocket(0);
        try {
            // Joining on lo explicitly: hosts without a route for 239.0.0.0/8 would otherwise refuse the join.
            socket.joinGroup(new InetSocketAddress(group, 0), lo);
        } catch (IOException e) {
            socket.close();
            Assumptions.abort("cannot join " + group.getHostAddress() + " on " + lo.getName()
                    + " in this sandbox: " + e);
        }
        try (FakeOnvifResponder device = new FakeOnvifResponder(socket, WsDiscoveryLoopbackTest::answers)) {
            WsDiscovery discovery = new WsDiscovery(DiscoveryOptions.defaults().withPort(device.port())
                    .withNetworkInterface(lo).withListenFor(Duration.ofMillis(800)));
            List<DiscoveredDevice> devices = discovery.probeMulticast();
            Assumptions.assumeTrue(device.probes() > 0, "multicast to " + group.getHostAddress() + " on "
                    + lo.getName() + " is not delivered in this sandbox (joined, but no Probe arrived)");

            // Both transmissions of the Probe (WS-Discovery Appendix I) arrive and are answered.
            assertThat(device.probes()).isEqualTo(2);
            assertThat(devices).extracting(DiscoveredDevice::endpointReference).containsExactly(HIK, AXIS);
            assertThat(devices.get(0).xAddrs()).hasSize(3);
            assertThat(discovery.lastStats()).isEqualTo(new DiscoveryStats(10, 6, 2, 2, 0, 4, 0));
        }
    }
}
