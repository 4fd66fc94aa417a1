package org.nvr.core.netty;

import java.time.Duration;

/**
 * The range checks of the two per-client bounds that both TCP servers take (issue #12): connections per client
 * address ({@link OpenConnections}) and the request deadline ({@link RequestDeadlineHandler}). One place, so that
 * the RTSP server and the admin endpoint accept the same values with the same messages.
 */
public final class ConnectionLimits {
    private static final int MAX_CONNECTIONS_PER_ADDRESS = 10_000;
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private ConnectionLimits() {
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code section.maxConnectionsPerAddress} unless it is
     * 1..10000, or {@code section.requestTimeout} unless it is 100 ms to 5 min.
     *
     * @param section the options' section in nvr.yaml: {@code rtsp} or {@code admin}
     */
    public static void check(String section, int maxConnectionsPerAddress, Duration requestTimeout) {
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > MAX_CONNECTIONS_PER_ADDRESS) {
            throw new IllegalArgumentException("'" + section + ".maxConnectionsPerAddress' must be 1..10000, was "
                    + maxConnectionsPerAddress);
        }
        if (requestTimeout.compareTo(MIN_REQUEST_TIMEOUT) < 0 || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException("'" + section + ".requestTimeout' must be between 100ms and 5m, was "
                    + requestTimeout);
        }
    }
}
