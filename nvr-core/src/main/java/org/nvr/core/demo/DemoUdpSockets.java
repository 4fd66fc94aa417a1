package org.nvr.core.demo;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The server's UDP port pair (RTP on an even port, RTCP on the next: RFC 3550 §11) shared by all UDP
 * sessions, and which session each client RTCP address belongs to (entries live as long as their session, so
 * the map is bounded by the session limits).
 */
record DemoUdpSockets(Channel rtp, Channel rtcp, int rtpPort, Map<InetSocketAddress, DemoStream> rtcpSenders) {
}
