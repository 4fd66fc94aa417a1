package org.nvr.bench.sim;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspTransport;
import org.nvr.core.rtsp.RtspTransport.LowerTransport;
import org.nvr.core.rtsp.RtspTransport.PortPair;

/**
 * The transport a client chose in SETUP (RFC 2326 §12.39), reduced to what the simulator serves: unicast RTP on
 * TCP interleaved channels ({@code RTP/AVP/TCP;interleaved=}, §10.12) or over UDP to the client's port pair
 * ({@code RTP/AVP;unicast;client_port=}). {@link RtspTransport} parses and formats the header.
 *
 * @param tcp   true for interleaved TCP, false for UDP
 * @param rtp   the RTP interleaved channel (TCP) or the client's RTP port (UDP); -1 when a TCP client left the
 *              channels to the server
 * @param rtcp  the RTCP channel or client port
 */
record SimTransport(boolean tcp, int rtp, int rtcp) {

    SimTransport {
        int max = tcp ? 255 : 65535;
        boolean unassigned = tcp && rtp == -1 && rtcp == -1;
        if (!unassigned && (rtp < (tcp ? 0 : 1) || rtp > max || rtcp < 0 || rtcp > max || rtcp == rtp)) {
            throw new IllegalArgumentException("bad " + (tcp ? "interleaved channels " : "client ports ") + rtp
                    + "-" + rtcp);
        }
    }

    /**
     * The first alternative of a client's Transport header that the simulator serves, or empty (the answer is
     * then 461 Unsupported Transport). Multicast and a {@code destination} other than the client are refused:
     * media goes only back to the client that asked.
     */
    static Optional<SimTransport> choose(String header) {
        // Each alternative on its own: one with a bad value must not hide a later one that is fine.
        for (String alternative : header.split(",")) {
            Optional<SimTransport> supported = supported(alternative);
            if (supported.isPresent()) {
                return supported;
            }
        }
        return Optional.empty();
    }

    private static Optional<SimTransport> supported(String alternative) {
        RtspTransport spec;
        try {
            spec = RtspTransport.parse(alternative);
        } catch (MalformedInputException e) {
            return Optional.empty();
        }
        if (spec.multicast() || !spec.destination().isEmpty()) {
            return Optional.empty();
        }
        boolean tcp = spec.lowerTransport() == LowerTransport.TCP;
        Optional<PortPair> ports = tcp ? spec.interleaved() : spec.clientPort();
        if (ports.isEmpty()) {
            return tcp ? Optional.of(new SimTransport(true, -1, -1)) : Optional.empty();
        }
        if (ports.get().rtp() == ports.get().rtcp()) {
            return Optional.empty();
        }
        return Optional.of(new SimTransport(tcp, ports.get().rtp(), ports.get().rtcp()));
    }

    /** The same TCP transport on the channels the server picked. */
    SimTransport withChannels(int rtpChannel) {
        return new SimTransport(true, rtpChannel, rtpChannel + 1);
    }

    /** The SETUP reply's Transport header: this transport, the server's UDP ports (UDP only) and the SSRC. */
    String reply(Optional<PortPair> serverPorts, long ssrc) {
        Optional<PortPair> ports = Optional.of(new PortPair(rtp, rtcp));
        return new RtspTransport(tcp ? LowerTransport.TCP : LowerTransport.UDP, false,
                tcp ? ports : Optional.empty(), tcp ? Optional.empty() : ports, serverPorts, OptionalLong.of(ssrc),
                "", "", "", List.of()).format();
    }
}
