package org.nvr.core.rtsp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One media section of an SDP (RFC 8866 §5.14), from its {@code m=} line to the next.
 *
 * @param type         media type: {@code video}, {@code audio}, {@code application} ...
 * @param port         the port of the {@code m=} line; 0 in RTSP, where SETUP negotiates ports (RFC 2326 §C.1)
 * @param protocol     transport protocol, e.g. {@code RTP/AVP}
 * @param payloadTypes the format list for RTP protocols, in preference order; empty for other protocols
 * @param control      the media-level {@code a=control} (RFC 2326 §C.1.1), empty when absent
 * @param rtpMaps      the {@code a=rtpmap} lines in order
 * @param fmtp         {@code a=fmtp} parameters by payload type, without the payload type prefix
 * @param attributes   the other {@code a=} lines of the section, as written after {@code a=}
 */
public record MediaDescription(String type, int port, String protocol, List<Integer> payloadTypes,
                               String control, List<RtpMap> rtpMaps, Map<Integer, String> fmtp,
                               List<String> attributes) {

    public MediaDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(control, "control");
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " not in 0..65535");
        }
        payloadTypes = List.copyOf(payloadTypes);
        for (int pt : payloadTypes) {
            if (pt < 0 || pt > 127) {
                throw new IllegalArgumentException("payload type " + pt + " not in 0..127");
            }
        }
        rtpMaps = List.copyOf(rtpMaps);
        fmtp = Map.copyOf(fmtp);
        attributes = List.copyOf(attributes);
    }

    /** The rtpmap of {@code payloadType}: from an {@code a=rtpmap} line, else the RFC 3551 static table. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        for (RtpMap map : rtpMaps) {
            if (map.payloadType() == payloadType) {
                return Optional.of(map);
            }
        }
        return RtpMap.staticPayloadType(payloadType);
    }

    /** The first payload type of the format list, in preference order, that carries {@code encoding}. */
    public Optional<RtpMap> findEncoding(String encoding) {
        for (int pt : payloadTypes) {
            Optional<RtpMap> map = rtpMap(pt);
            if (map.isPresent() && map.get().isEncoding(encoding)) {
                return map;
            }
        }
        return Optional.empty();
    }

    /** The {@code a=fmtp} parameters of {@code payloadType}, empty when there are none. */
    public String fmtpOf(int payloadType) {
        return fmtp.getOrDefault(payloadType, "");
    }
}
