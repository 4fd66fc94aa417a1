package org.nvr.core.demo;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspTransport;
import org.nvr.core.rtsp.RtspTransport.LowerTransport;
import org.nvr.core.rtsp.RtspTransport.PortPair;

/**
 * The transport a client chose in SETUP (RFC 2326 §12.39), reduced to what the demo camera supports: unicast
 * RTP over TCP interleaved channels, or over UDP to the client's port pair. {@link RtspTransport} parses and
 * formats the header; this record holds the demo's choice. Public for the benchmark's camera simulator, which
 * serves the same transports.
 *
 * @param tcp        true for {@code RTP/AVP/TCP;interleaved=}, false for {@code RTP/AVP;client_port=}
 * @param firstPort  the RTP interleaved channel (TCP) or the client's RTP port (UDP); -1 when the client let
 *                   the server choose the interleaved channels
 * @param secondPort the RTCP interleaved channel or client port
 */
public record DemoTransport(boolean tcp, int firstPort, int secondPort) {

    public DemoTransport {
        int max = tcp ? 255 : 65535;
        boolean unassigned = tcp && firstPort == -1 && secondPort == -1;
        if (!unassigned && (firstPort < (tcp ? 0 : 1) || firstPort > max || secondPort < 0 || secondPort > max
                || secondPort == firstPort)) {
            throw new IllegalArgumentException("bad " + (tcp ? "interleaved channels " : "client ports ")
                    + firstPort + "-" + secondPort);
        }
    }

    /**
     * The first alternative in a Transport header that the demo camera supports, or empty (then the answer is
     * 461 Unsupported Transport). Multicast, and a {@code destination} other than the client, are not offered:
     * the server sends only back to the client that asked.
     */
    public static Optional<DemoTransport> choose(String header) {
        if (header == null) {
            return Optional.empty();
        }
        // Each alternative is parsed on its own: RtspTransport.parseAll rejects the whole header when one
        // alternative has a bad value, which would hide a later one the demo supports.
        for (String alternative : header.split(",")) {
            Optional<DemoTransport> supported = supported(alternative);
            if (supported.isPresent()) {
                return supported;
            }
        }
        return Optional.empty();
    }

    private static Optional<DemoTransport> supported(String alternative) {
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
            return tcp ? Optional.of(new DemoTransport(true, -1, -1)) : Optional.empty();
        }
        if (ports.get().rtp() == ports.get().rtcp()) {
            return Optional.empty();
        }
        return Optional.of(new DemoTransport(tcp, ports.get().rtp(), ports.get().rtcp()));
    }

    /** The same transport with the interleaved channels the server picked. */
    public DemoTransport withChannels(int rtpChannel, int rtcpChannel) {
        return new DemoTransport(true, rtpChannel, rtcpChannel);
    }

    /**
     * The SETUP reply's Transport header: this transport with the server's UDP ports (UDP only) and the SSRC
     * the server sends with (RFC 2326 §12.39).
     */
    public String reply(Optional<PortPair> serverPort, long ssrc) {
        Optional<PortPair> ports = Optional.of(new PortPair(firstPort, secondPort));
        return new RtspTransport(tcp ? LowerTransport.TCP : LowerTransport.UDP, false,
                tcp ? ports : Optional.empty(), tcp ? Optional.empty() : ports, serverPort, OptionalLong.of(ssrc),
                "", "", "", List.of()).format();
    }
}
