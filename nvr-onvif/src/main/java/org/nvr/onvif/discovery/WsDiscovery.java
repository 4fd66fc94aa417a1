package org.nvr.onvif.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds ONVIF devices with WS-Discovery 2005/04 in ad hoc mode (ONVIF Core §7): a Probe for
 * {@code NetworkVideoTransmitter} multicast to 239.255.255.250:3702, or sent to each host of a list for sites
 * whose routers drop multicast; the ProbeMatches come back unicast to our socket's port. Each run uses a fresh
 * Probe MessageID and keeps only answers relating to it. Datagrams that cannot be read are counted in
 * {@link #lastStats()} and logged at debug level, never thrown. Runs are independent; one instance may serve
 * concurrent runs.
 */
public final class WsDiscovery {
    /** Most hosts one unicast sweep probes: a /20. */
    public static final int MAX_UNICAST_HOSTS = 4096;
    /** SOAP-over-UDP §3.2: a message fits one UDP datagram, at most 65,507 bytes of payload over IPv4. */
    private static final int RECEIVE_BUFFER_BYTES = 65_536;
    /** WS-Discovery 2005/04 Appendix I: repeat a multicast message once after a short delay, since UDP is lossy. */
    private static final long MULTICAST_REPEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Keeps a multicast Probe on the local link, where WS-Discovery ad hoc mode belongs. */
    private static final int MULTICAST_TTL = 1;

    private static final Logger LOG = System.getLogger(WsDiscovery.class.getName());

    private final DiscoveryOptions options;
    private final ProbeMatchParser parser;
    private final Clock clock;
    private final AtomicReference<DiscoveryStats> lastStats =
            new AtomicReference<>(new DiscoveryStats(0, 0, 0, 0, 0, 0, 0));

    /** Discovery with the default parser bounds and the system clock. */
    public WsDiscovery(DiscoveryOptions options) {
        this(options, new ProbeMatchParser(), Clock.systemUTC());
    }

    /** Discovery with explicit parser bounds and the clock that stamps {@link DiscoveredDevice#seen()}. */
    public WsDiscovery(DiscoveryOptions options, ProbeMatchParser parser, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Expands an IPv4 CIDR range ({@code 192.168.1.0/24}) into host addresses, for {@link #probeUnicast}. Prefixes
     * shorter than /20 are refused; network and broadcast addresses are left out for /30 and wider.
     *
     * @throws IllegalArgumentException naming the text when it is not an IPv4 CIDR range
     */
    public static List<InetAddress> cidr(String text) {
        return Ipv4Cidr.expand(text);
    }

    /**
     * Multicasts a Probe twice, 100 ms apart, and collects ProbeMatches for {@link DiscoveryOptions#listenFor()}
     * after the second one.
     *
     * @throws UncheckedIOException if no socket can be opened or the Probe cannot be sent at all (no route, no
     *     such interface); what devices answer never causes one
     */
    public List<DiscoveredDevice> probeMulticast() {
        ProbeMessage probe = ProbeMessage.create();
        DeviceCollector collector = new DeviceCollector(parser, probe.messageId(), options.maxDevices());
        InetSocketAddress group = new InetSocketAddress(options.multicastGroup(), options.port());
        try (DatagramChannel channel = openChannel(); Selector selector = Selector.open()) {
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, MULTICAST_TTL);
            // Loop on: a device simulator or a second NVR instance on this host must hear us too.
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            if (options.networkInterface().isPresent()) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, options.networkInterface().get());
            }
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER_BYTES);
            send(channel, probe, group);
            receiveUntil(System.nanoTime() + MULTICAST_REPEAT_NANOS, channel, selector, buffer, collector);
            send(channel, probe, group);
            receiveUntil(System.nanoTime() + options.listenFor().toNanos(), channel, selector, buffer, collector);
        } catch (IOException e) {
            throw new UncheckedIOException("WS-Discovery multicast Probe to " + group + " failed: " + e.getMessage(),
                    e);
        }
        return finish(collector, "multicast");
    }

    /**
     * Sends a Probe to port {@link DiscoveryOptions#port()} of each host, paced at
     * {@link DiscoveryOptions#probesPerSecond()} while already collecting answers, then collects for
     * {@link DiscoveryOptions#listenFor()}. For sites behind routers that drop multicast.
     *
     * @param hosts at most {@link #MAX_UNICAST_HOSTS} IPv4 hosts (duplicates are probed once)
     * @throws IllegalArgumentException for too many hosts or an IPv6 host
     * @throws UncheckedIOException if no socket can be opened; a host that cannot be reached is logged and skipped
     */
    public List<DiscoveredDevice> probeUnicast(Collection<InetAddress> hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (hosts.size() > MAX_UNICAST_HOSTS) {
            throw new IllegalArgumentException("at most " + MAX_UNICAST_HOSTS + " hosts per unicast sweep, got "
                    + hosts.size());
        }
        List<InetAddress> targets = new ArrayList<>(new LinkedHashSet<>(hosts));
        for (InetAddress host : targets) {
            if (!(host instanceof Inet4Address)) {
                throw new IllegalArgumentException("unicast discovery is IPv4 only: " + host);
            }
        }
        ProbeMessage probe = ProbeMessage.create();
        DeviceCollector collector = new DeviceCollector(parser, probe.messageId(), options.maxDevices());
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / options.probesPerSecond();
        try (DatagramChannel channel = openChannel(); Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER_BYTES);
            long next = System.nanoTime();
            for (InetAddress host : targets) {
                try {
                    send(channel, probe, new InetSocketAddress(host, options.port()));
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "unicast Probe to {0} not sent: {1}", host.getHostAddress(),
                            e.getMessage());
                }
                // Never catch up in a burst after a stall: the pace is a ceiling, not an average.
                next = Math.max(next, System.nanoTime()) + intervalNanos;
                receiveUntil(next, channel, selector, buffer, collector);
            }
            receiveUntil(System.nanoTime() + options.listenFor().toNanos(), channel, selector, buffer, collector);
        } catch (IOException e) {
            throw new UncheckedIOException("WS-Discovery unicast sweep failed: " + e.getMessage(), e);
        }
        return finish(collector, "unicast to " + targets.size() + " hosts");
    }

    /** Counters of the most recently finished run. */
    public DiscoveryStats lastStats() {
        return lastStats.get();
    }

    private static DatagramChannel openChannel() throws IOException {
        // IPv4 family: the discovery group is IPv4 and so are the unicast targets.
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.bind(new InetSocketAddress(0));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void send(DatagramChannel channel, ProbeMessage probe, InetSocketAddress target)
            throws IOException {
        int sent = channel.send(ByteBuffer.wrap(probe.bytes()), target);
        if (sent == 0) {
            // Non-blocking send with a full socket buffer sends nothing; at our pace that only means a jam.
            LOG.log(Level.DEBUG, "Probe to {0} dropped: socket send buffer full", target);
        }
    }

    /** Reads datagrams into {@code collector} until {@code deadlineNanos} (System.nanoTime). */
    private void receiveUntil(long deadlineNanos, DatagramChannel channel, Selector selector, ByteBuffer buffer,
            DeviceCollector collector) throws IOException {
        while (true) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis <= 0) {
                return;
            }
            selector.select(remainingMillis);
            selector.selectedKeys().clear();
            while (true) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null) {
                    break;
                }
                buffer.flip();
                byte[] datagram = new byte[buffer.remaining()];
                buffer.get(datagram);
                collector.accept(datagram, from.getAddress(), clock.instant());
            }
        }
    }

    private List<DiscoveredDevice> finish(DeviceCollector collector, String what) {
        DiscoveryStats stats = collector.stats();
        lastStats.set(stats);
        List<DiscoveredDevice> devices = collector.devices();
        LOG.log(Level.DEBUG, "WS-Discovery {0}: {1} devices; {2}", what, devices.size(), stats);
        return devices;
    }
}
