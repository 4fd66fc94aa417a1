package org.nvr.core.rtsp.server;

import java.time.Duration;
import java.util.Objects;
import org.nvr.core.netty.ConnectionLimits;

/**
 * Settings of the NVR's RTSP re-stream server ({@link RtspServer}).
 *
 * @param host             address to listen on (TCP, and the UDP port pair); {@code 0.0.0.0} for every interface
 * @param port             RTSP TCP port, 0 for an ephemeral one (tests); 8554 by default, as most re-streamers
 * @param sessionTimeout   a session with no request and no RTCP receiver report for this long is torn down
 *                         (RFC 2326 §12.37, announced in the {@code Session} header); 1 s to 1 h
 * @param maxSessions      sessions at once over all clients; beyond it SETUP gets 453 Not Enough Bandwidth
 * @param clientQueueUnits access units queued per live client ({@code HubReader} capacity); a client that falls
 *                         further behind skips to the next keyframe
 * @param maxRequestBytes  largest request (start line, headers and body); larger ones get 413 and the connection
 *                         is closed
 * @param allowBasic       also accept Basic credentials (sent in clear text): off unless configured
 * @param maxPayloadBytes  largest RTP payload; 1400 keeps a UDP packet under a 1500-byte MTU
 * @param maxConnectionsPerAddress connections one client IP address may hold at once; more are closed on accept.
 *                         128 lets one VMS server pull main and sub streams of 64 cameras; 1..10000
 * @param requestTimeout   a request (start line, headers and body) or an interleaved frame from the client must
 *                         arrive whole within this long of its first byte, else the connection is closed
 *                         (slowloris); 100 ms to 5 min
 */
public record RtspServerOptions(String host, int port, Duration sessionTimeout, int maxSessions,
                                int clientQueueUnits, int maxRequestBytes, boolean allowBasic,
                                int maxPayloadBytes, int maxConnectionsPerAddress, Duration requestTimeout) {

    /** Connections per client address by default. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 128;
    /** Request deadline by default. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Every interface, port 8554, 60 s timeout, 256 sessions, 120 units, 8 KiB requests, Digest only, 1400, 128
     * connections per address, 10 s request timeout.
     */
    public static final RtspServerOptions DEFAULTS = new RtspServerOptions("0.0.0.0", 8554, Duration.ofSeconds(60),
            256, 120, 8 * 1024, false, 1400, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_REQUEST_TIMEOUT);

    public RtspServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("'rtsp.host' must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'rtsp.port' must be 0..65535, was " + port);
        }
        if (sessionTimeout.compareTo(Duration.ofMillis(100)) < 0 || sessionTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("'rtsp.sessionTimeout' must be between 100ms and 1h, was "
                    + sessionTimeout);
        }
        if (maxSessions < 1 || maxSessions > 10_000) {
            throw new IllegalArgumentException("'rtsp.maxSessions' must be 1..10000, was " + maxSessions);
        }
        if (clientQueueUnits < 1 || clientQueueUnits > 10_000) {
            throw new IllegalArgumentException("'rtsp.clientQueueUnits' must be 1..10000, was " + clientQueueUnits);
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 1024 * 1024) {
            throw new IllegalArgumentException("'rtsp.maxRequestBytes' must be 1 KiB..1 MiB, was " + maxRequestBytes);
        }
        if (maxPayloadBytes < 200 || maxPayloadBytes > 60_000) {
            throw new IllegalArgumentException("'rtsp.maxPayloadBytes' must be 200..60000, was " + maxPayloadBytes);
        }
        ConnectionLimits.check("rtsp", maxConnectionsPerAddress, requestTimeout);
    }

    /** With the default connections per address and request timeout. */
    public RtspServerOptions(String host, int port, Duration sessionTimeout, int maxSessions, int clientQueueUnits,
                             int maxRequestBytes, boolean allowBasic, int maxPayloadBytes) {
        this(host, port, sessionTimeout, maxSessions, clientQueueUnits, maxRequestBytes, allowBasic,
                maxPayloadBytes, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_REQUEST_TIMEOUT);
    }

    /** These options listening on {@code newHost}:{@code newPort}. */
    public RtspServerOptions withBind(String newHost, int newPort) {
        return new RtspServerOptions(newHost, newPort, sessionTimeout, maxSessions, clientQueueUnits,
                maxRequestBytes, allowBasic, maxPayloadBytes, maxConnectionsPerAddress, requestTimeout);
    }

    /** These options with another session timeout. */
    public RtspServerOptions withSessionTimeout(Duration timeout) {
        return new RtspServerOptions(host, port, timeout, maxSessions, clientQueueUnits, maxRequestBytes,
                allowBasic, maxPayloadBytes, maxConnectionsPerAddress, requestTimeout);
    }

    /** These options with other session and queue limits. */
    public RtspServerOptions withLimits(int sessions, int queueUnits) {
        return new RtspServerOptions(host, port, sessionTimeout, sessions, queueUnits, maxRequestBytes, allowBasic,
                maxPayloadBytes, maxConnectionsPerAddress, requestTimeout);
    }

    /** These options with Basic credentials accepted or not. */
    public RtspServerOptions withAllowBasic(boolean basic) {
        return new RtspServerOptions(host, port, sessionTimeout, maxSessions, clientQueueUnits, maxRequestBytes,
                basic, maxPayloadBytes, maxConnectionsPerAddress, requestTimeout);
    }

    /** These options with another bound on connections per client address and another request deadline. */
    public RtspServerOptions withConnectionLimits(int perAddress, Duration timeout) {
        return new RtspServerOptions(host, port, sessionTimeout, maxSessions, clientQueueUnits, maxRequestBytes,
                allowBasic, maxPayloadBytes, perAddress, timeout);
    }
}
