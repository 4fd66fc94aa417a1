package org.nvr.core.rtsp.server;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspTransport;
import org.nvr.core.rtsp.RtspTransport.LowerTransport;
import org.nvr.core.rtsp.RtspTransport.PortPair;

/**
 * Picks the first alternative of a SETUP's {@code Transport} (RFC 2326 §12.39) the server supports: unicast
 * {@code RTP/AVP/TCP;interleaved=a-b}, or unicast {@code RTP/AVP;client_port=a-b} when UDP is offered.
 * Multicast and a {@code destination} are refused (the server sends only to the client that asked: no
 * reflection); the answer is then 461 Unsupported Transport.
 */
final class TransportSelector {

    /**
     * The server's choice.
     *
     * @param tcp    interleaved (true) or UDP
     * @param ports  interleaved channels, or the client's UDP ports
     */
    record Choice(boolean tcp, PortPair ports) {
        /** The reply's Transport: this transport with the server's ports (UDP) and SSRC. */
        String reply(Optional<PortPair> serverPorts, long ssrc) {
            return new RtspTransport(tcp ? LowerTransport.TCP : LowerTransport.UDP, false,
                    tcp ? Optional.of(ports) : Optional.empty(), tcp ? Optional.empty() : Optional.of(ports),
                    serverPorts, OptionalLong.of(ssrc), "", "", "", List.of()).format();
        }
    }

    private TransportSelector() {
    }

    /**
     * @param header       the Transport header, or null
     * @param udpOffered   whether the server has a UDP port pair
     * @param freeChannel  the first interleaved channel to give a client that names none (an even number)
     */
    static Optional<Choice> choose(String header, boolean udpOffered, int freeChannel) {
        if (header == null || header.length() > 4096) {
            return Optional.empty();
        }
        // No Transport parameter the server accepts holds a quoted comma, so a plain split is enough.
        String[] alternatives = header.split(",", 17);
        if (alternatives.length > 16) {
            return Optional.empty();
        }
        // Each alternative is parsed on its own, so that one with a bad value does not hide a later good one.
        for (String alternative : alternatives) {
            Optional<Choice> choice = supported(alternative, udpOffered, freeChannel);
            if (choice.isPresent()) {
                return choice;
            }
        }
        return Optional.empty();
    }

    private static Optional<Choice> supported(String alternative, boolean udpOffered, int freeChannel) {
        RtspTransport spec;
        try {
            spec = RtspTransport.parse(alternative);
        } catch (MalformedInputException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (spec.multicast() || !spec.destination().isEmpty() || !(spec.mode().isEmpty() || spec.mode().equals("PLAY"))) {
            return Optional.empty();
        }
        if (spec.lowerTransport() == LowerTransport.TCP) {
            PortPair channels = spec.interleaved().orElse(new PortPair(freeChannel, freeChannel + 1));
            return channels.rtp() == channels.rtcp() ? Optional.empty() : Optional.of(new Choice(true, channels));
        }
        if (!udpOffered || spec.clientPort().isEmpty() || spec.clientPort().get().rtp() == spec.clientPort().get().rtcp()) {
            return Optional.empty();
        }
        return Optional.of(new Choice(false, spec.clientPort().get()));
    }
}
