package org.nvr.core.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of the {@link DemoCameraServer}. Every per-connection buffer is bounded by these, so the
 * server's memory is at most about {@code maxConnections * (writeBufferHighBytes + largest frame)}.
 *
 * @param sessionTimeout           a connection that sends nothing (no request, no RTCP) for this long is
 *                                 closed; announced as {@code Session: id;timeout=seconds} (RFC 2326 §12.37).
 *                                 Default 60 s
 * @param rtcpInterval             interval between RTCP Sender Reports (RFC 3550 §6.2). Default 5 s
 * @param maxConnections           RTSP connections served at once; more are closed on accept. Default 1024
 * @param maxSessionsPerConnection sessions (SETUPs) one connection may hold. Default 4
 * @param maxRequestBytes          bound on a request's header and, separately, its body. Default 16 KiB
 * @param maxRtpPayloadBytes       largest RTP payload; 1400 keeps UDP packets under a 1500-byte MTU. Default 1400
 * @param writeBufferLowBytes      a connection that stopped reading becomes writable again below this. Default
 *                                 128 KiB
 * @param writeBufferHighBytes     above this much unsent data a connection is not writable and frames are
 *                                 skipped until the next keyframe after it drains. Default 512 KiB
 * @param socketSendBufferBytes    SO_SNDBUF of accepted connections, 0 for the system's (auto-tuned) size.
 *                                 Default 0
 * @param udpRtpPort               even UDP port to send RTP from (RTCP uses the next one), 0 for an ephemeral
 *                                 pair. Default 0
 */
public record DemoServerOptions(Duration sessionTimeout, Duration rtcpInterval, int maxConnections,
                                int maxSessionsPerConnection, int maxRequestBytes, int maxRtpPayloadBytes,
                                int writeBufferLowBytes, int writeBufferHighBytes, int socketSendBufferBytes,
                                int udpRtpPort) {

    public DemoServerOptions {
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(rtcpInterval, "rtcpInterval");
        if (sessionTimeout.compareTo(Duration.ofMillis(100)) < 0 || sessionTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("sessionTimeout " + sessionTimeout + " is not within 100 ms..1 h");
        }
        if (rtcpInterval.compareTo(Duration.ofMillis(100)) < 0 || rtcpInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("rtcpInterval " + rtcpInterval + " is not within 100 ms..1 min");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " < 1");
        }
        if (maxSessionsPerConnection < 1 || maxSessionsPerConnection > 64) {
            throw new IllegalArgumentException("maxSessionsPerConnection " + maxSessionsPerConnection
                    + " is not in 1..64");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 1 << 20) {
            throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " is not in 1 KiB..1 MiB");
        }
        if (maxRtpPayloadBytes < 100 || maxRtpPayloadBytes > 65000) {
            throw new IllegalArgumentException("maxRtpPayloadBytes " + maxRtpPayloadBytes + " is not in 100..65000");
        }
        if (writeBufferLowBytes < 1 || writeBufferHighBytes < writeBufferLowBytes) {
            throw new IllegalArgumentException("write buffer marks " + writeBufferLowBytes + ".."
                    + writeBufferHighBytes + " must be positive and ordered");
        }
        if (socketSendBufferBytes < 0) {
            throw new IllegalArgumentException("socketSendBufferBytes " + socketSendBufferBytes + " < 0");
        }
        if (udpRtpPort < 0 || udpRtpPort > 65534 || udpRtpPort % 2 != 0) {
            throw new IllegalArgumentException("udpRtpPort " + udpRtpPort + " is not 0 or an even port");
        }
    }

    /** The defaults listed above. */
    public static DemoServerOptions defaults() {
        return new DemoServerOptions(Duration.ofSeconds(60), Duration.ofSeconds(5), 1024, 4, 16 * 1024, 1400,
                128 * 1024, 512 * 1024, 0, 0);
    }

    /** A copy with another session timeout. */
    public DemoServerOptions withSessionTimeout(Duration timeout) {
        return new DemoServerOptions(timeout, rtcpInterval, maxConnections, maxSessionsPerConnection,
                maxRequestBytes, maxRtpPayloadBytes, writeBufferLowBytes, writeBufferHighBytes,
                socketSendBufferBytes, udpRtpPort);
    }

    /** A copy with another RTCP Sender Report interval. */
    public DemoServerOptions withRtcpInterval(Duration interval) {
        return new DemoServerOptions(sessionTimeout, interval, maxConnections, maxSessionsPerConnection,
                maxRequestBytes, maxRtpPayloadBytes, writeBufferLowBytes, writeBufferHighBytes,
                socketSendBufferBytes, udpRtpPort);
    }

    /** A copy with other write buffer marks and socket send buffer (for tests of slow clients). */
    public DemoServerOptions withWriteBuffers(int lowBytes, int highBytes, int socketSendBytes) {
        return new DemoServerOptions(sessionTimeout, rtcpInterval, maxConnections, maxSessionsPerConnection,
                maxRequestBytes, maxRtpPayloadBytes, lowBytes, highBytes, socketSendBytes, udpRtpPort);
    }

    /** A copy with another connection limit. */
    public DemoServerOptions withMaxConnections(int connections) {
        return new DemoServerOptions(sessionTimeout, rtcpInterval, connections, maxSessionsPerConnection,
                maxRequestBytes, maxRtpPayloadBytes, writeBufferLowBytes, writeBufferHighBytes,
                socketSendBufferBytes, udpRtpPort);
    }
}
