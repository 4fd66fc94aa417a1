package org.nvr.core.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.nvr.core.model.MalformedInputException;

/**
 * One transport specification of an RTSP {@code Transport} header (RFC 2326 §12.39), e.g.
 * {@code RTP/AVP/TCP;unicast;interleaved=0-1} or
 * {@code RTP/AVP;unicast;client_port=50000-50001;server_port=57712-57713;ssrc=B21E16F0;mode="PLAY"}.
 * Only the RTP/AVP profile is supported (over UDP or TCP).
 *
 * @param lowerTransport   UDP ({@code RTP/AVP} or {@code RTP/AVP/UDP}) or TCP ({@code RTP/AVP/TCP})
 * @param multicast        {@code multicast} rather than {@code unicast} (the RFC's default is multicast, but
 *                         every camera says which; absent is read as unicast)
 * @param interleaved      TCP channels for RTP and RTCP, 0..255
 * @param clientPort       the client's UDP ports
 * @param serverPort       the server's UDP ports
 * @param ssrc             the RTP SSRC the sender will use, 32 bits
 * @param mode             {@code PLAY} or {@code RECORD} upper-cased without quotes, empty when absent (= PLAY)
 * @param destination      the {@code destination} address, empty when absent
 * @param source           the {@code source} address, empty when absent
 * @param otherParameters  other parameters as written ({@code ttl=16}, {@code port=...}, {@code append}...)
 */
public record RtspTransport(LowerTransport lowerTransport, boolean multicast, Optional<PortPair> interleaved,
                            Optional<PortPair> clientPort, Optional<PortPair> serverPort, OptionalLong ssrc,
                            String mode, String destination, String source, List<String> otherParameters) {

    /** The transport under RTP. */
    public enum LowerTransport { UDP, TCP }

    /**
     * An RTP/RTCP pair of ports or interleaved channels. RFC 2326 §12.39 allows a single number, which means
     * RTP there and RTCP on the next one (as live555 and ffmpeg read it).
     *
     * @param rtp  port or channel for RTP
     * @param rtcp port or channel for RTCP
     */
    public record PortPair(int rtp, int rtcp) {
        public PortPair {
            if (rtp < 0 || rtp > 0xffff || rtcp < 0 || rtcp > 0xffff) {
                throw new IllegalArgumentException("port pair " + rtp + "-" + rtcp + " not in 0..65535");
            }
        }

        String format() {
            return rtp + "-" + rtcp;
        }
    }

    private static final int MAX_HEADER_CHARS = 4096;
    private static final int MAX_SPECS = 16;
    private static final int MAX_PARAMETERS = 32;

    public RtspTransport {
        Objects.requireNonNull(lowerTransport, "lowerTransport");
        Objects.requireNonNull(interleaved, "interleaved");
        Objects.requireNonNull(clientPort, "clientPort");
        Objects.requireNonNull(serverPort, "serverPort");
        Objects.requireNonNull(ssrc, "ssrc");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        otherParameters = List.copyOf(otherParameters);
        if (interleaved.isPresent() && (interleaved.get().rtp() > 0xff || interleaved.get().rtcp() > 0xff)) {
            throw new IllegalArgumentException("interleaved channels " + interleaved.get().format()
                    + " not in 0..255");
        }
        if (ssrc.isPresent() && (ssrc.getAsLong() < 0 || ssrc.getAsLong() > 0xffffffffL)) {
            throw new IllegalArgumentException("ssrc " + ssrc.getAsLong() + " is not 32 bits");
        }
    }

    /** A unicast TCP transport on channels {@code rtpChannel} (0..254) and {@code rtpChannel + 1}. */
    public static RtspTransport tcpInterleaved(int rtpChannel) {
        if (rtpChannel < 0 || rtpChannel > 254) {
            throw new IllegalArgumentException("rtpChannel " + rtpChannel + " not in 0..254");
        }
        return new RtspTransport(LowerTransport.TCP, false, Optional.of(new PortPair(rtpChannel, rtpChannel + 1)),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), "", "", "", List.of());
    }

    /** A unicast UDP transport receiving on {@code clientRtpPort} (1..65534) and {@code clientRtpPort + 1}. */
    public static RtspTransport udp(int clientRtpPort) {
        if (clientRtpPort < 1 || clientRtpPort > 65534) {
            throw new IllegalArgumentException("clientRtpPort " + clientRtpPort + " not in 1..65534");
        }
        return new RtspTransport(LowerTransport.UDP, false, Optional.empty(),
                Optional.of(new PortPair(clientRtpPort, clientRtpPort + 1)), Optional.empty(), OptionalLong.empty(),
                "", "", "", List.of());
    }

    /**
     * Parses the first transport specification of a {@code Transport} header (a reply carries exactly one).
     *
     * @throws MalformedInputException if it is not RTP/AVP, or a parameter value is bad
     */
    public static RtspTransport parse(String header) {
        return parseSpec(specs(header).get(0));
    }

    /**
     * Parses every transport specification of a client's {@code Transport} header, in preference order,
     * leaving out those that are not RTP/AVP (e.g. {@code RTP/SAVP}).
     *
     * @throws MalformedInputException if a specification has a bad parameter value, or none is RTP/AVP
     */
    public static List<RtspTransport> parseAll(String header) {
        List<RtspTransport> supported = new ArrayList<>();
        for (String spec : specs(header)) {
            if (lowerTransportOf(spec) != null) {
                supported.add(parseSpec(spec));
            }
        }
        if (supported.isEmpty()) {
            throw new MalformedInputException("Transport '" + HeaderTokens.printable(header, 80)
                    + "' offers no RTP/AVP transport");
        }
        return supported;
    }

    /** This transport as a {@code Transport} header value; {@link #parse} reads it back equal. */
    public String format() {
        StringBuilder sb = new StringBuilder(protocol()).append(multicast ? ";multicast" : ";unicast");
        if (!destination.isEmpty()) {
            sb.append(";destination=").append(destination);
        }
        if (!source.isEmpty()) {
            sb.append(";source=").append(source);
        }
        interleaved.ifPresent(p -> sb.append(";interleaved=").append(p.format()));
        clientPort.ifPresent(p -> sb.append(";client_port=").append(p.format()));
        serverPort.ifPresent(p -> sb.append(";server_port=").append(p.format()));
        ssrc.ifPresent(s -> sb.append(";ssrc=").append(String.format(Locale.ROOT, "%08X", s)));
        if (!mode.isEmpty()) {
            // RFC 2326 §12.39: mode = <"> *Method <">
            sb.append(";mode=\"").append(mode).append('"');
        }
        for (String p : otherParameters) {
            sb.append(';').append(p);
        }
        return sb.toString();
    }

    /** {@code RTP/AVP} (UDP) or {@code RTP/AVP/TCP}. */
    public String protocol() {
        return lowerTransport == LowerTransport.TCP ? "RTP/AVP/TCP" : "RTP/AVP";
    }

    private static List<String> specs(String header) {
        Objects.requireNonNull(header, "header");
        if (header.length() > MAX_HEADER_CHARS) {
            throw new MalformedInputException("Transport header of " + header.length() + " chars exceeds "
                    + MAX_HEADER_CHARS);
        }
        List<String> specs = HeaderTokens.splitOutsideQuotes(header, ',', MAX_SPECS, "Transport header");
        if (specs.isEmpty()) {
            throw new MalformedInputException("Transport header is empty");
        }
        return specs;
    }

    private static LowerTransport lowerTransportOf(String spec) {
        int semi = spec.indexOf(';');
        String protocol = (semi < 0 ? spec : spec.substring(0, semi)).strip().toUpperCase(Locale.ROOT);
        switch (protocol) {
            case "RTP/AVP":
            case "RTP/AVP/UDP":
                return LowerTransport.UDP;
            case "RTP/AVP/TCP":
                return LowerTransport.TCP;
            default:
                return null;
        }
    }

    private static RtspTransport parseSpec(String spec) {
        List<String> params = HeaderTokens.splitOutsideQuotes(spec, ';', MAX_PARAMETERS, "Transport");
        LowerTransport lower = lowerTransportOf(spec);
        if (lower == null) {
            throw bad(spec, "unsupported transport '" + HeaderTokens.printable(params.get(0), 40) + "'");
        }
        boolean multicast = false;
        Optional<PortPair> interleaved = Optional.empty();
        Optional<PortPair> clientPort = Optional.empty();
        Optional<PortPair> serverPort = Optional.empty();
        OptionalLong ssrc = OptionalLong.empty();
        String mode = "";
        String destination = "";
        String source = "";
        List<String> others = new ArrayList<>();
        for (String param : params.subList(1, params.size())) {
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : HeaderTokens.unquote(param.substring(eq + 1));
            switch (name) {
                case "unicast":
                    multicast = false;
                    break;
                case "multicast":
                    multicast = true;
                    break;
                case "interleaved":
                    interleaved = Optional.of(pair(spec, name, value, 0, 0xff));
                    break;
                case "client_port":
                    clientPort = Optional.of(pair(spec, name, value, 1, 0xffff));
                    break;
                case "server_port":
                    serverPort = Optional.of(pair(spec, name, value, 1, 0xffff));
                    break;
                case "ssrc":
                    ssrc = OptionalLong.of(parseSsrc(spec, value));
                    break;
                case "mode":
                    // VLC writes mode=play, GStreamer mode="PLAY".
                    mode = value.toUpperCase(Locale.ROOT);
                    break;
                case "destination":
                    destination = value;
                    break;
                case "source":
                    source = value;
                    break;
                default:
                    others.add(param);
                    break;
            }
        }
        return new RtspTransport(lower, multicast, interleaved, clientPort, serverPort, ssrc, mode, destination,
                source, others);
    }

    private static PortPair pair(String spec, String name, String value, int min, int max) {
        int dash = value.indexOf('-');
        int rtp = number(spec, name, dash < 0 ? value : value.substring(0, dash), min, max);
        int rtcp = dash < 0 ? rtp + 1 : number(spec, name, value.substring(dash + 1), min, max);
        if (rtcp > max) {
            throw bad(spec, name + " " + rtp + " leaves no room for RTCP");
        }
        return new PortPair(rtp, rtcp);
    }

    private static int number(String spec, String name, String text, int min, int max) {
        String t = text.strip();
        if (!t.isEmpty() && t.length() <= 5 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int v = Integer.parseInt(t);
            if (v >= min && v <= max) {
                return v;
            }
        }
        throw bad(spec, name + " '" + HeaderTokens.printable(text, 20) + "' is not a number in " + min + ".."
                + max);
    }

    /** RFC 2326 §12.39: ssrc = 8*8(HEX); some servers drop leading zeros. */
    private static long parseSsrc(String spec, String value) {
        if (!value.isEmpty() && value.length() <= 8 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Long.parseLong(value, 16);
        }
        throw bad(spec, "ssrc '" + HeaderTokens.printable(value, 20) + "' is not 1 to 8 hex digits");
    }

    private static MalformedInputException bad(String spec, String what) {
        return new MalformedInputException("Transport '" + HeaderTokens.printable(spec, 120) + "': " + what);
    }
}
