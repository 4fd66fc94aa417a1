package org.nvr.core.rtsp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nvr.core.model.MalformedInputException;

/** Line-by-line SDP parser behind {@link SessionDescription#parse}; one instance per parse. */
final class SdpParser {

    private static final int MAX_QUOTED_LINE_CHARS = 80;

    private final SdpLimits limits;
    private final List<MediaDescription> media = new ArrayList<>();
    private String sessionName = "";
    private String sessionControl = "";
    private String sessionRange = "";
    private MediaBuilder current;
    private int lineNumber;

    SdpParser(SdpLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    SessionDescription parse(String sdp) {
        Objects.requireNonNull(sdp, "sdp");
        if (sdp.length() > limits.maxChars()) {
            throw new MalformedInputException("SDP of " + sdp.length() + " chars exceeds " + limits.maxChars());
        }
        boolean sawSdpLine = false;
        int lineStart = 0;
        while (lineStart < sdp.length()) {
            int lineEnd = sdp.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = sdp.length();
            }
            lineNumber++;
            if (lineNumber > limits.maxLines()) {
                throw new MalformedInputException("SDP has more than " + limits.maxLines() + " lines");
            }
            // RFC 8866 §5 wants CRLF, but LF alone and trailing blanks are common from cameras.
            String line = sdp.substring(lineStart, lineEnd).strip();
            lineStart = lineEnd + 1;
            if (line.length() >= 2 && line.charAt(1) == '=') {
                sawSdpLine = true;
                parseLine(line.charAt(0), line.substring(2));
            }
        }
        if (!sawSdpLine) {
            throw new MalformedInputException("SDP has no <type>=<value> line");
        }
        finishMedia();
        return new SessionDescription(sessionName, sessionControl, sessionRange, media);
    }

    private void parseLine(char type, String value) {
        switch (type) {
            case 's':
                if (current == null) {
                    sessionName = value.strip();
                }
                break;
            case 'm':
                finishMedia();
                if (media.size() >= limits.maxMediaSections()) {
                    throw malformed("more than " + limits.maxMediaSections() + " media sections", null);
                }
                current = parseMediaLine(value);
                break;
            case 'a':
                parseAttribute(value);
                break;
            default:
                // v=, o=, i=, c=, b=, t= and others carry nothing RTSP needs here (RFC 2326 §C.1).
                break;
        }
    }

    /** RFC 8866 §5.14: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}. */
    private MediaBuilder parseMediaLine(String value) {
        String[] fields = value.strip().split("\\s+");
        if (fields.length < 4) {
            throw malformed("m= line needs media, port, protocol and formats", "m=" + value);
        }
        String portText = fields[1];
        int slash = portText.indexOf('/');
        int port = parseInt(slash < 0 ? portText : portText.substring(0, slash), 0, 0xffff, "m= port", "m=" + value);
        String protocol = fields[2];
        List<Integer> payloadTypes = new ArrayList<>();
        // RFC 8866 §5.14: with an RTP profile the formats are RTP payload type numbers.
        if (protocol.toUpperCase(Locale.ROOT).startsWith("RTP/")) {
            for (int i = 3; i < fields.length; i++) {
                payloadTypes.add(parseInt(fields[i], 0, 127, "m= payload type", "m=" + value));
            }
        }
        return new MediaBuilder(fields[0], port, protocol, payloadTypes);
    }

    private void parseAttribute(String value) {
        int colon = value.indexOf(':');
        String name = (colon < 0 ? value : value.substring(0, colon)).strip();
        String attributeValue = colon < 0 ? "" : value.substring(colon + 1).strip();
        if (current == null) {
            if (name.equalsIgnoreCase("control")) {
                sessionControl = attributeValue;
            } else if (name.equalsIgnoreCase("range")) {
                sessionRange = attributeValue;
            }
            return;
        }
        if (name.equalsIgnoreCase("rtpmap")) {
            current.rtpMaps.add(parseRtpMap(attributeValue, value));
        } else if (name.equalsIgnoreCase("fmtp")) {
            parseFmtp(attributeValue);
        } else if (name.equalsIgnoreCase("control")) {
            current.control = attributeValue;
        } else {
            current.attributes.add(value.strip());
        }
    }

    /** RFC 8866 §6.6: {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}. */
    private RtpMap parseRtpMap(String value, String line) {
        String[] ptAndEncoding = value.split("\\s+", 2);
        if (ptAndEncoding.length < 2) {
            throw malformed("a=rtpmap needs a payload type and an encoding", "a=" + line);
        }
        int payloadType = parseInt(ptAndEncoding[0], 0, 127, "a=rtpmap payload type", "a=" + line);
        String[] parts = ptAndEncoding[1].strip().split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
            throw malformed("a=rtpmap needs <encoding>/<clock rate>[/<parameters>]", "a=" + line);
        }
        int clockRate = parseInt(parts[1].strip(), 1, Integer.MAX_VALUE, "a=rtpmap clock rate", "a=" + line);
        return new RtpMap(payloadType, parts[0].strip(), clockRate, parts.length == 3 ? parts[2].strip() : "");
    }

    /** RFC 8866 §6.15: {@code a=fmtp:<format> <format specific parameters>}; one we cannot key is ignored. */
    private void parseFmtp(String value) {
        String[] ptAndParams = value.split("\\s+", 2);
        try {
            int payloadType = Integer.parseInt(ptAndParams[0]);
            current.fmtp.putIfAbsent(payloadType, ptAndParams.length == 2 ? ptAndParams[1].strip() : "");
        } catch (NumberFormatException e) {
            current.attributes.add("fmtp:" + value);
        }
    }

    private void finishMedia() {
        if (current != null) {
            media.add(new MediaDescription(current.type, current.port, current.protocol, current.payloadTypes,
                    current.control, current.rtpMaps, current.fmtp, current.attributes));
            current = null;
        }
    }

    private int parseInt(String text, int min, int max, String what, String line) {
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw malformed(what + " '" + abbreviate(text) + "' is not a number in " + min + ".." + max, line);
    }

    private MalformedInputException malformed(String what, String line) {
        String where = "SDP line " + lineNumber + ": " + what;
        return new MalformedInputException(line == null ? where : where + " in '" + abbreviate(line) + "'");
    }

    private static String abbreviate(String s) {
        String cut = s.length() > MAX_QUOTED_LINE_CHARS ? s.substring(0, MAX_QUOTED_LINE_CHARS) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The mutable state of the media section being read. */
    private static final class MediaBuilder {
        final String type;
        final int port;
        final String protocol;
        final List<Integer> payloadTypes;
        final List<RtpMap> rtpMaps = new ArrayList<>();
        final Map<Integer, String> fmtp = new HashMap<>();
        final List<String> attributes = new ArrayList<>();
        String control = "";

        MediaBuilder(String type, int port, String protocol, List<Integer> payloadTypes) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.payloadTypes = payloadTypes;
        }
    }
}
