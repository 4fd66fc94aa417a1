package org.nvr.onvif.discovery;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the devices of one discovery run: parses each datagram, counts what was dropped, de-duplicates by
 * endpoint reference (a device answers both Probe transmissions, and once per interface) and merges XAddrs.
 * Bounded to {@code maxDevices}. Single-threaded: one run owns one collector.
 */
final class DeviceCollector {
    private static final Logger LOG = System.getLogger(DeviceCollector.class.getName());

    private final ProbeMatchParser parser;
    private final String probeMessageId;
    private final int maxDevices;
    private final Map<String, DiscoveredDevice> devices = new LinkedHashMap<>();
    private long datagrams;
    private long matched;
    private long unrelated;
    private long malformed;
    private long skippedMatches;
    private long duplicates;
    private long overflow;

    DeviceCollector(ProbeMatchParser parser, String probeMessageId, int maxDevices) {
        this.parser = parser;
        this.probeMessageId = probeMessageId;
        this.maxDevices = maxDevices;
    }

    /** Takes one received datagram; never throws for its content. */
    void accept(byte[] datagram, InetAddress responder, Instant seen) {
        datagrams++;
        ProbeMatchResult result;
        try {
            result = parser.parse(datagram, probeMessageId, responder, seen);
        } catch (RuntimeException e) {
            // The parser classifies what devices send; reaching here is our bug, and one bad datagram must not
            // end a discovery run that other devices answered.
            LOG.log(Level.WARNING, "discovery datagram from " + responder.getHostAddress() + " broke the parser",
                    e);
            result = ProbeMatchResult.malformed("parser failure: " + e);
        }
        switch (result.status()) {
            case MALFORMED:
                malformed++;
                LOG.log(Level.DEBUG, "ignored malformed discovery datagram of {0} bytes from {1}: {2}",
                        datagram.length, responder.getHostAddress(), result.reason());
                return;
            case UNRELATED:
                unrelated++;
                LOG.log(Level.DEBUG, "ignored discovery datagram from {0}: {1}", responder.getHostAddress(),
                        result.reason());
                return;
            default:
                matched++;
        }
        skippedMatches += result.skippedMatches();
        for (DiscoveredDevice device : result.devices()) {
            add(device);
        }
    }

    private void add(DiscoveredDevice device) {
        DiscoveredDevice known = devices.get(device.endpointReference());
        if (known != null) {
            duplicates++;
            devices.put(device.endpointReference(), merge(known, device));
        } else if (devices.size() < maxDevices) {
            devices.put(device.endpointReference(), device);
        } else {
            overflow++;
            LOG.log(Level.DEBUG, "device limit of {0} reached; {1} ignored", maxDevices,
                    device.endpointReference());
        }
    }

    /** Keeps the first answer's types and scopes, unions XAddrs (bounded) and takes the latest sighting. */
    private DiscoveredDevice merge(DiscoveredDevice first, DiscoveredDevice later) {
        Set<URI> xAddrs = new LinkedHashSet<>(first.xAddrs());
        for (URI uri : later.xAddrs()) {
            if (xAddrs.size() >= parser.maxXAddrs()) {
                break;
            }
            xAddrs.add(uri);
        }
        List<String> types = first.types().isEmpty() ? later.types() : first.types();
        List<String> scopes = first.scopes().isEmpty() ? later.scopes() : first.scopes();
        return new DiscoveredDevice(first.endpointReference(), new ArrayList<>(xAddrs), types, scopes,
                first.responder(), later.seen().isAfter(first.seen()) ? later.seen() : first.seen());
    }

    /** Whether no further device would be kept (duplicates could still add XAddrs). */
    boolean full() {
        return devices.size() >= maxDevices;
    }

    List<DiscoveredDevice> devices() {
        return List.copyOf(devices.values());
    }

    DiscoveryStats stats() {
        return new DiscoveryStats(datagrams, matched, unrelated, malformed, skippedMatches, duplicates, overflow);
    }
}
