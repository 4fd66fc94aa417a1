package org.nvr.core.rtsp;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code a=rtpmap:} attribute (RFC 8866 §6.6): {@code <payload type> <encoding name>/<clock rate>[/<encoding
 * parameters>]}, e.g. {@code 96 H264/90000} or {@code 97 MPEG4-GENERIC/16000/2}.
 *
 * @param payloadType    RTP payload type, 0..127
 * @param encoding       encoding name as the SDP wrote it (compare ignoring case: RFC 8866 §6.6)
 * @param clockRate      RTP clock rate in Hz, positive
 * @param encodingParams for audio the channel count, else empty
 */
public record RtpMap(int payloadType, String encoding, int clockRate, String encodingParams) {

    // RFC 3551 §6 Tables 4 and 5: static payload types, which need no rtpmap line.
    private static final Map<Integer, RtpMap> STATIC = Map.ofEntries(
            staticEntry(0, "PCMU", 8000), staticEntry(3, "GSM", 8000), staticEntry(4, "G723", 8000),
            staticEntry(5, "DVI4", 8000), staticEntry(6, "DVI4", 16000), staticEntry(7, "LPC", 8000),
            staticEntry(8, "PCMA", 8000), staticEntry(9, "G722", 8000), staticEntry(10, "L16", 44100),
            staticEntry(11, "L16", 44100), staticEntry(12, "QCELP", 8000), staticEntry(13, "CN", 8000),
            staticEntry(14, "MPA", 90000), staticEntry(15, "G728", 8000), staticEntry(16, "DVI4", 11025),
            staticEntry(17, "DVI4", 22050), staticEntry(18, "G729", 8000), staticEntry(25, "CelB", 90000),
            staticEntry(26, "JPEG", 90000), staticEntry(28, "nv", 90000), staticEntry(31, "H261", 90000),
            staticEntry(32, "MPV", 90000), staticEntry(33, "MP2T", 90000), staticEntry(34, "H263", 90000));

    public RtpMap {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType " + payloadType + " not in 0..127");
        }
        if (Objects.requireNonNull(encoding, "encoding").isBlank()) {
            throw new IllegalArgumentException("encoding is blank");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate " + clockRate + " <= 0");
        }
        Objects.requireNonNull(encodingParams, "encodingParams");
    }

    /** The RFC 3551 static assignment of {@code payloadType}, used when an SDP has no rtpmap for it. */
    public static Optional<RtpMap> staticPayloadType(int payloadType) {
        return Optional.ofNullable(STATIC.get(payloadType));
    }

    /** Whether this is the named encoding, ignoring case ({@code h264} and {@code H264} are the same). */
    public boolean isEncoding(String name) {
        return encoding.equalsIgnoreCase(name);
    }

    private static Map.Entry<Integer, RtpMap> staticEntry(int payloadType, String encoding, int clockRate) {
        String channels = payloadType == 10 ? "2" : payloadType == 11 ? "1" : "";
        return Map.entry(payloadType, new RtpMap(payloadType, encoding, clockRate, channels));
    }
}
