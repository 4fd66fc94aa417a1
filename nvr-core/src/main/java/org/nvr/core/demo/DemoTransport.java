package org.nvr.core.demo;

import java.util.Locale;
import java.util.Optional;

/**
 * The transport a client chose in SETUP (RFC 2326 §12.39), reduced to what the demo camera supports: unicast
 * RTP over TCP interleaved channels, or over UDP to the client's port pair.
 *
 * @param tcp        true for {@code RTP/AVP/TCP;interleaved=}, false for {@code RTP/AVP;client_port=}
 * @param firstPort  the RTP interleaved channel (TCP) or the client's RTP port (UDP); -1 when the client let
 *                   the server choose the interleaved channels
 * @param secondPort the RTCP interleaved channel or client port
 */
record DemoTransport(boolean tcp, int firstPort, int secondPort) {

    DemoTransport {
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
    static Optional<DemoTransport> choose(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String alternative : header.split(",")) {
            Optional<DemoTransport> parsed = parseOne(alternative.trim());
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        return Optional.empty();
    }

    private static Optional<DemoTransport> parseOne(String spec) {
        String[] parts = spec.split(";");
        String protocol = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp;
        if (protocol.equals("RTP/AVP/TCP")) {
            tcp = true;
        } else if (protocol.equals("RTP/AVP") || protocol.equals("RTP/AVP/UDP")) {
            tcp = false;
        } else {
            return Optional.empty();
        }
        int[] range = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            String lower = parameter.toLowerCase(Locale.ROOT);
            if (lower.equals("multicast") || lower.startsWith("destination=")) {
                return Optional.empty();
            }
            if (tcp && lower.startsWith("interleaved=") || !tcp && lower.startsWith("client_port=")) {
                range = parseRange(parameter.substring(parameter.indexOf('=') + 1));
                if (range == null) {
                    return Optional.empty();
                }
            }
        }
        if (range == null) {
            return tcp ? Optional.of(new DemoTransport(true, -1, -1)) : Optional.empty();
        }
        try {
            return Optional.of(new DemoTransport(tcp, range[0], range[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code a-b} or {@code a} (then b = a + 1); null when not numbers. */
    private static int[] parseRange(String value) {
        String[] ends = value.trim().split("-", 2);
        try {
            int first = Integer.parseInt(ends[0].trim());
            int second = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : first + 1;
            return new int[] {first, second};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The same transport with the interleaved channels the server picked. */
    DemoTransport withChannels(int rtpChannel, int rtcpChannel) {
        return new DemoTransport(true, rtpChannel, rtcpChannel);
    }
}
