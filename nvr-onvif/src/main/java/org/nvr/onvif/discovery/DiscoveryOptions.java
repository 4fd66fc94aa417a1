package org.nvr.onvif.discovery;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link WsDiscovery} probes.
 *
 * @param listenFor how long to collect ProbeMatches after the last Probe went out; default 3 s. ONVIF devices
 *     wait a random delay of up to APP_MAX_DELAY (500 ms, WS-Discovery 2005/04 §2.4) before answering a
 *     multicast Probe, and slow cameras take longer to build the answer. At most 60 s.
 * @param maxDevices distinct devices kept per run; default 256
 * @param port the WS-Discovery port probes are sent to; 3702 (IANA-assigned, WS-Discovery 2005/04 §2.4)
 * @param multicastGroup the IPv4 multicast group; 239.255.255.250 (WS-Discovery 2005/04 §2.4)
 * @param networkInterface the interface multicast Probes leave by; empty lets the routing table choose, which
 *     fails on hosts without a route for 239.0.0.0/8
 * @param probesPerSecond pace of unicast Probes; default 200, so that a /20 sweep neither floods a rural uplink
 *     nor overruns our receive buffer with answers
 */
public record DiscoveryOptions(Duration listenFor, int maxDevices, int port, InetAddress multicastGroup,
        Optional<NetworkInterface> networkInterface, int probesPerSecond) {
    /** Default collection time. */
    public static final Duration DEFAULT_LISTEN_FOR = Duration.ofSeconds(3);
    /** Default bound on distinct devices per run. */
    public static final int DEFAULT_MAX_DEVICES = 256;
    /** The WS-Discovery port. */
    public static final int DEFAULT_PORT = 3702;
    /** Default unicast pace. */
    public static final int DEFAULT_PROBES_PER_SECOND = 200;
    private static final Duration MAX_LISTEN_FOR = Duration.ofSeconds(60);

    public DiscoveryOptions {
        Objects.requireNonNull(listenFor, "listenFor");
        if (listenFor.isNegative() || listenFor.isZero() || listenFor.compareTo(MAX_LISTEN_FOR) > 0) {
            throw new IllegalArgumentException("listenFor must be in (0, 60 s]: " + listenFor);
        }
        if (maxDevices < 1 || maxDevices > 65_536) {
            throw new IllegalArgumentException("maxDevices must be in 1..65536: " + maxDevices);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535: " + port);
        }
        Objects.requireNonNull(multicastGroup, "multicastGroup");
        if (!multicastGroup.isMulticastAddress()) {
            throw new IllegalArgumentException("not a multicast address: " + multicastGroup.getHostAddress());
        }
        Objects.requireNonNull(networkInterface, "networkInterface");
        if (probesPerSecond < 1 || probesPerSecond > 10_000) {
            throw new IllegalArgumentException("probesPerSecond must be in 1..10000: " + probesPerSecond);
        }
    }

    /** 3 s, 256 devices, 239.255.255.250:3702, routing table's interface, 200 unicast Probes/s. */
    public static DiscoveryOptions defaults() {
        return new DiscoveryOptions(DEFAULT_LISTEN_FOR, DEFAULT_MAX_DEVICES, DEFAULT_PORT,
                IpLiterals.byAddress(new byte[] {(byte) 239, (byte) 255, (byte) 255, (byte) 250}),
                Optional.empty(), DEFAULT_PROBES_PER_SECOND);
    }

    public DiscoveryOptions withListenFor(Duration value) {
        return new DiscoveryOptions(value, maxDevices, port, multicastGroup, networkInterface, probesPerSecond);
    }

    public DiscoveryOptions withMaxDevices(int value) {
        return new DiscoveryOptions(listenFor, value, port, multicastGroup, networkInterface, probesPerSecond);
    }

    public DiscoveryOptions withPort(int value) {
        return new DiscoveryOptions(listenFor, maxDevices, value, multicastGroup, networkInterface, probesPerSecond);
    }

    public DiscoveryOptions withNetworkInterface(NetworkInterface value) {
        return new DiscoveryOptions(listenFor, maxDevices, port, multicastGroup, Optional.of(value), probesPerSecond);
    }

    public DiscoveryOptions withProbesPerSecond(int value) {
        return new DiscoveryOptions(listenFor, maxDevices, port, multicastGroup, networkInterface, value);
    }
}
