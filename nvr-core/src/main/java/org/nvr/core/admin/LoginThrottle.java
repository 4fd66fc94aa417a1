package org.nvr.core.admin;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nvr.core.time.NvrClock;

/**
 * Counts failed logins per client address in fixed windows (e.g. a minute); once an address reaches the limit,
 * it is refused (429) until its window ends, before its password is even checked, so that guessing costs the
 * attacker time and the NVR no hashing. Bounded: past {@code maxAddresses} the address tracked longest is
 * forgotten. Thread-safe.
 */
final class LoginThrottle {
    private final int limit;
    private final Duration window;
    private final int maxAddresses;
    private final NvrClock clock;
    private final Map<InetAddress, Window> windows;

    private static final class Window {
        final long startNanos;
        int failures;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /**
     * @param limit        failures per window that block the address
     * @param window       window length (e.g. 1 min)
     * @param maxAddresses addresses tracked (e.g. 10 000)
     * @param clock        its monotonic clock times the windows
     */
    LoginThrottle(int limit, Duration window, int maxAddresses, NvrClock clock) {
        if (limit < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("login throttle needs a positive limit, window and address bound");
        }
        this.limit = limit;
        this.window = window;
        this.maxAddresses = maxAddresses;
        this.clock = clock;
        this.windows = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Window> eldest) {
                return size() > LoginThrottle.this.maxAddresses;
            }
        };
    }

    /** How long {@code address} must wait, if it is blocked now. */
    synchronized Optional<Duration> blockedFor(InetAddress address) {
        Window current = current(address, false);
        if (current == null || current.failures < limit) {
            return Optional.empty();
        }
        long left = current.startNanos + window.toNanos() - clock.monotonicNanos();
        return Optional.of(Duration.ofNanos(Math.max(left, 0)));
    }

    /** Counts one failure of {@code address}. */
    synchronized void recordFailure(InetAddress address) {
        Window current = current(address, true);
        if (current.failures < Integer.MAX_VALUE) {
            current.failures++;
        }
    }

    /** Addresses tracked now. */
    synchronized int size() {
        return windows.size();
    }

    private Window current(InetAddress address, boolean create) {
        long now = clock.monotonicNanos();
        Window existing = windows.get(address);
        if (existing != null && now - existing.startNanos < window.toNanos()) {
            return existing;
        }
        if (existing != null) {
            windows.remove(address);
        }
        if (!create) {
            return null;
        }
        Window fresh = new Window(now);
        windows.put(address, fresh);
        return fresh;
    }
}
