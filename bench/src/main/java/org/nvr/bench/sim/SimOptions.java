package org.nvr.bench.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link SimCameraServer} does to every stream, and its bounds. Every per-connection buffer is bounded by
 * these: a connection holds at most {@code writeBufferHighBytes} plus one picture of unsent data.
 *
 * @param jitterMillis             each picture goes out at its due time plus a uniform random 0..J ms, never
 *                                 reordered. Default 0
 * @param lossPercent              each RTP packet is dropped with this probability (in %) before it is sent; its
 *                                 sequence number is used all the same, so receivers see the loss. Default 0
 * @param seed                     seeds each stream's jitter and loss with this and the stream's name, so that a
 *                                 run repeats. Default 1
 * @param writeMode                one flush per picture or per RTP packet (TCP). Default per picture
 * @param rtcpInterval             interval between RTCP Sender Reports (RFC 3550 §6.2). Default 5 s
 * @param udpSessionTimeout        a UDP session whose client sends nothing (no request on its connection, no RTCP)
 *                                 for this long ends (RFC 2326 §12.37). TCP sessions end with their connection,
 *                                 since the floor ({@code rtsp-floor.c}) sends no keep-alive. Default 60 s
 * @param maxConnections           RTSP connections at once; more are closed on accept. Default 4096
 * @param maxSessionsPerConnection SETUPs one connection may hold. Default 4
 * @param maxRequestBytes          bound on a request's header and, apart, its body. Default 16 KiB
 * @param maxPayloadBytes          largest RTP payload ({@link PacketizedClip}). Default 1400
 * @param writeBufferLowBytes      a TCP connection that stopped reading is writable again below this. Default
 *                                 128 KiB
 * @param writeBufferHighBytes     above this much unsent data a TCP connection is not writable, and its pictures
 *                                 are skipped until the next keyframe after it drains. Default 512 KiB
 */
public record SimOptions(int jitterMillis, double lossPercent, long seed, WriteMode writeMode, Duration rtcpInterval,
                         Duration udpSessionTimeout, int maxConnections, int maxSessionsPerConnection,
                         int maxRequestBytes, int maxPayloadBytes, int writeBufferLowBytes,
                         int writeBufferHighBytes) {

    /** Largest jitter: beyond a second a stream is broken, not jittery. */
    public static final int MAX_JITTER_MILLIS = 1000;

    public SimOptions {
        Objects.requireNonNull(writeMode, "writeMode");
        Objects.requireNonNull(rtcpInterval, "rtcpInterval");
        Objects.requireNonNull(udpSessionTimeout, "udpSessionTimeout");
        if (jitterMillis < 0 || jitterMillis > MAX_JITTER_MILLIS) {
            throw new IllegalArgumentException("jitterMillis " + jitterMillis + " is not in 0.." + MAX_JITTER_MILLIS);
        }
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("lossPercent " + lossPercent + " is not in 0..100");
        }
        if (rtcpInterval.compareTo(Duration.ofMillis(100)) < 0 || rtcpInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("rtcpInterval " + rtcpInterval + " is not within 100 ms..1 min");
        }
        if (udpSessionTimeout.compareTo(Duration.ofSeconds(1)) < 0
                || udpSessionTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("udpSessionTimeout " + udpSessionTimeout + " is not within 1 s..1 h");
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
        if (maxPayloadBytes < 100 || maxPayloadBytes > 65000) {
            throw new IllegalArgumentException("maxPayloadBytes " + maxPayloadBytes + " is not in 100..65000");
        }
        if (writeBufferLowBytes < 1 || writeBufferHighBytes < writeBufferLowBytes) {
            throw new IllegalArgumentException("write buffer marks " + writeBufferLowBytes + ".."
                    + writeBufferHighBytes + " must be positive and ordered");
        }
    }

    /** The defaults listed above. */
    public static SimOptions defaults() {
        return new SimOptions(0, 0, 1, WriteMode.PER_PICTURE, Duration.ofSeconds(5), Duration.ofSeconds(60), 4096,
                4, 16 * 1024, PacketizedClip.DEFAULT_MAX_PAYLOAD_BYTES, 128 * 1024, 512 * 1024);
    }

    /** A copy with other impairments: jitter in ms, loss in %, and the seed of both. */
    public SimOptions withImpairments(int jitter, double loss, long newSeed) {
        return new SimOptions(jitter, loss, newSeed, writeMode, rtcpInterval, udpSessionTimeout, maxConnections,
                maxSessionsPerConnection, maxRequestBytes, maxPayloadBytes, writeBufferLowBytes, writeBufferHighBytes);
    }

    /** A copy with another write mode. */
    public SimOptions withWriteMode(WriteMode mode) {
        return new SimOptions(jitterMillis, lossPercent, seed, mode, rtcpInterval, udpSessionTimeout, maxConnections,
                maxSessionsPerConnection, maxRequestBytes, maxPayloadBytes, writeBufferLowBytes, writeBufferHighBytes);
    }

    /** A copy with another Sender Report interval. */
    public SimOptions withRtcpInterval(Duration interval) {
        return new SimOptions(jitterMillis, lossPercent, seed, writeMode, interval, udpSessionTimeout, maxConnections,
                maxSessionsPerConnection, maxRequestBytes, maxPayloadBytes, writeBufferLowBytes, writeBufferHighBytes);
    }

    /** A copy with other TCP write buffer marks (for tests of slow clients). */
    public SimOptions withWriteBuffers(int lowBytes, int highBytes) {
        return new SimOptions(jitterMillis, lossPercent, seed, writeMode, rtcpInterval, udpSessionTimeout,
                maxConnections, maxSessionsPerConnection, maxRequestBytes, maxPayloadBytes, lowBytes, highBytes);
    }
}
