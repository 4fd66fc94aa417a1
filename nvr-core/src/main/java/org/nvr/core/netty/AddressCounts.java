package org.nvr.core.netty;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, each address at most {@code maxPerAddress}. Bounded: an address is in the
 * map only while it has a connection open, so the map never holds more entries than the server has connections.
 * Thread-safe: each count changes atomically ({@link ConcurrentHashMap#compute}).
 */
final class AddressCounts {
    private final Map<InetAddress, Integer> counts = new ConcurrentHashMap<>();
    private final int maxPerAddress;

    AddressCounts(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress " + maxPerAddress + " < 1");
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts one more connection of {@code address}, unless it has {@code maxPerAddress} open already. */
    boolean tryAcquire(InetAddress address) {
        boolean[] acquired = {false};
        counts.compute(address, (key, open) -> {
            int now = open == null ? 0 : open;
            if (now >= maxPerAddress) {
                return open;
            }
            acquired[0] = true;
            return now + 1;
        });
        return acquired[0];
    }

    /** One connection of {@code address} closed; the address is forgotten with its last connection. */
    void release(InetAddress address) {
        counts.computeIfPresent(address, (key, open) -> open <= 1 ? null : open - 1);
    }

    /** Connections of {@code address} open now. */
    int count(InetAddress address) {
        return counts.getOrDefault(address, 0);
    }

    /** Addresses with a connection open now. */
    int addresses() {
        return counts.size();
    }
}
