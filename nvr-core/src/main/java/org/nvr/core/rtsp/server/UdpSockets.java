package org.nvr.core.rtsp.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's UDP port pair (RTP on an even port, RTCP on the next: RFC 3550 §11) shared by every UDP session,
 * and which session each client RTCP address belongs to, so that a receiver report keeps its session alive.
 * Datagrams from other addresses are ignored. The map holds one entry per UDP session, at most
 * {@code maxEntries}.
 */
final class UdpSockets {

    private final Channel rtp;
    private final Channel rtcp;
    private final int maxEntries;
    private final Map<InetSocketAddress, ServerSession> byClientRtcp = new ConcurrentHashMap<>();

    UdpSockets(Channel rtp, Channel rtcp, int maxEntries) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.maxEntries = maxEntries;
    }

    Channel rtp() {
        return rtp;
    }

    Channel rtcp() {
        return rtcp;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((InetSocketAddress) rtcp.localAddress()).getPort();
    }

    /** Registers a session's client RTCP address; false when it is taken or the map is full. */
    boolean register(InetSocketAddress clientRtcp, ServerSession session) {
        if (byClientRtcp.size() >= maxEntries) {
            return false;
        }
        return byClientRtcp.putIfAbsent(clientRtcp, session) == null;
    }

    void unregister(InetSocketAddress clientRtcp, ServerSession session) {
        byClientRtcp.remove(clientRtcp, session);
    }

    /** A datagram arrived on the RTCP port from {@code sender}: proof of life for its session, if any. */
    void rtcpFrom(InetSocketAddress sender) {
        ServerSession session = byClientRtcp.get(sender);
        if (session != null) {
            session.touch();
        }
    }

    void close() {
        rtp.close().syncUninterruptibly();
        rtcp.close().syncUninterruptibly();
    }
}
