package org.nvr.cli.config;

import java.time.Duration;

/**
 * The per-client bounds of nvr.yaml's server sections ({@code rtsp:}, {@code admin:}): {@code
 * maxConnectionsPerAddress} (1..10000) and {@code requestTimeout} (1s..5m), checked alike in both. The servers
 * themselves accept shorter deadlines, for tests; a config file does not.
 */
final class ConnectionLimitKeys {
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private ConnectionLimitKeys() {
    }

    /** Throws {@link IllegalArgumentException} naming the key under {@code section} that is out of range. */
    static void check(String section, int maxConnectionsPerAddress, Duration requestTimeout) {
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > 10_000) {
            throw new IllegalArgumentException("'" + section + ".maxConnectionsPerAddress' must be 1..10000, got "
                    + maxConnectionsPerAddress);
        }
        if (requestTimeout.compareTo(MIN_REQUEST_TIMEOUT) < 0 || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException("'" + section + ".requestTimeout' must be between 1s and 5m");
        }
    }
}
