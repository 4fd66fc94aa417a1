package org.nvr.core.rtsp.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one camera stream.
 *
 * @param url                 the stream's RTSP URL without user info (credentials are kept apart so that the URL
 *                            can be logged as it is)
 * @param username            user name, or null when the camera needs no authentication
 * @param password            password, or null; never logged ({@link #toString()} hides it)
 * @param transport           TCP-interleaved, UDP, or TCP with fallback to UDP on 461
 * @param connectTimeout      TCP connect timeout
 * @param requestTimeout      how long to wait for each RTSP response
 * @param maxHeaderBytes      bound on one RTSP message's start line and headers
 * @param maxContentBytes     bound on one RTSP message body (the SDP)
 * @param maxAccessUnitBytes  bound on one reassembled access unit
 * @param udpReorderPackets   UDP reorder window, in packets
 * @param maxRedirects        how many 3xx redirects to follow before giving up
 */
public record RtspClientConfig(String url, String username, String password, TransportMode transport,
                               Duration connectTimeout, Duration requestTimeout, int maxHeaderBytes,
                               int maxContentBytes, int maxAccessUnitBytes, int udpReorderPackets,
                               int maxRedirects) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_CONTENT_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_ACCESS_UNIT_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_UDP_REORDER_PACKETS = 64;
    public static final int DEFAULT_MAX_REDIRECTS = 3;

    public RtspClientConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!url.regionMatches(true, 0, "rtsp://", 0, 7)) {
            throw new IllegalArgumentException("url must start with rtsp://");
        }
        int authorityEnd = url.indexOf('/', 7);
        String authority = authorityEnd < 0 ? url.substring(7) : url.substring(7, authorityEnd);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("url must not hold credentials; pass username and password apart");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxHeaderBytes < 1024 || maxContentBytes < 1024 || maxAccessUnitBytes < 64 * 1024) {
            throw new IllegalArgumentException("message and access unit bounds are too small");
        }
        if (udpReorderPackets < 1 || udpReorderPackets > 1024) {
            throw new IllegalArgumentException("udpReorderPackets must be 1..1024");
        }
        if (maxRedirects < 0 || maxRedirects > 10) {
            throw new IllegalArgumentException("maxRedirects must be 0..10");
        }
    }

    /** A config with the defaults for everything but the URL, credentials and transport. */
    public static RtspClientConfig of(String url, String username, String password, TransportMode transport) {
        return new RtspClientConfig(url, username, password, transport, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_CONTENT_BYTES,
                DEFAULT_MAX_ACCESS_UNIT_BYTES, DEFAULT_UDP_REORDER_PACKETS, DEFAULT_MAX_REDIRECTS);
    }

    /** The same config for another URL (a redirect target), keeping the credentials. */
    public RtspClientConfig withUrl(String newUrl) {
        return new RtspClientConfig(newUrl, username, password, transport, connectTimeout, requestTimeout,
                maxHeaderBytes, maxContentBytes, maxAccessUnitBytes, udpReorderPackets, maxRedirects);
    }

    /** The same config without credentials (a redirect to another host must not receive them). */
    public RtspClientConfig withoutCredentials() {
        return new RtspClientConfig(url, null, null, transport, connectTimeout, requestTimeout,
                maxHeaderBytes, maxContentBytes, maxAccessUnitBytes, udpReorderPackets, maxRedirects);
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "RtspClientConfig[url=" + url + ", user=" + (username == null ? "-" : username)
                + ", password=" + (password == null ? "-" : "***") + ", transport=" + transport + "]";
    }
}
