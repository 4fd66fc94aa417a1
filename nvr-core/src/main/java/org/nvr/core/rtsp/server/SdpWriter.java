package org.nvr.core.rtsp.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.StreamKey;

/** The session description of DESCRIBE (RFC 4566, RFC 6184 §8.2.1, RFC 2326 Appendix C). */
final class SdpWriter {

    static final int PAYLOAD_TYPE = 96;

    private SdpWriter() {
    }

    /**
     * @param parameters    the stream's SPS/PPS, or null when not known yet (then they come in-band only)
     * @param recordedStart the start of recorded playback, empty for live
     */
    static String describe(StreamKey key, VideoParameters parameters, Optional<Instant> recordedStart,
                           long sessionId, InetAddress origin) {
        String family = origin instanceof Inet6Address ? "IP6" : "IP4";
        String any = origin instanceof Inet6Address ? "::" : "0.0.0.0";
        StringBuilder sdp = new StringBuilder(512)
                .append("v=0\r\n")
                .append("o=- ").append(sessionId).append(" 1 IN ").append(family).append(' ')
                .append(origin.getHostAddress()).append("\r\n")
                .append("s=NVR ").append(key).append("\r\n")
                .append("c=IN ").append(family).append(' ').append(any).append("\r\n")
                .append("t=0 0\r\n")
                .append("a=tool:NVR\r\n")
                .append("a=control:*\r\n")
                // RFC 2326 §C.1.5: live has no known length; recorded video starts at a wall time.
                .append(recordedStart.map(s -> "a=range:clock=" + RangeHeader.format(s) + "-\r\n")
                        .orElse("a=range:npt=now-\r\n"))
                .append("m=video 0 RTP/AVP ").append(PAYLOAD_TYPE).append("\r\n")
                .append("a=rtpmap:").append(PAYLOAD_TYPE).append(" H264/90000\r\n")
                .append("a=fmtp:").append(PAYLOAD_TYPE).append(" packetization-mode=1");
        if (parameters != null) {
            byte[] sps = parameters.sps();
            Base64.Encoder base64 = Base64.getEncoder();
            // RFC 6184 §8.1: profile-level-id is the SPS's profile_idc, constraint flags and level_idc bytes.
            sdp.append(";profile-level-id=").append(HexFormat.of().formatHex(sps, 1, 4))
                    .append(";sprop-parameter-sets=").append(base64.encodeToString(sps)).append(',')
                    .append(base64.encodeToString(parameters.pps()));
        }
        sdp.append("\r\n").append("a=control:").append(RequestTarget.TRACK).append("\r\n");
        return sdp.toString();
    }
}
