package org.nvr.bench.sim;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Base64;

/**
 * The session description the simulator answers DESCRIBE with: one H.264 video track (RFC 4566; RFC 6184 §8.2.1
 * for {@code rtpmap} and {@code fmtp}; RFC 2326 §C.1.1 for {@code a=control}).
 */
final class SimSdp {

    /** The dynamic RTP payload type of the video, as most cameras use. */
    static final int PAYLOAD_TYPE = 96;
    /** The video track's {@code a=control}, relative to the Content-Base. */
    static final String TRACK = "trackID=0";
    /** Session name: says that this is a benchmark stand-in for a camera. */
    static final String SESSION_NAME = "NVR camera simulator (benchmark source)";

    private SimSdp() {
    }

    /**
     * @param sessionId the o= line's session id (RFC 4566 §5.2), a non-negative decimal number
     * @param origin    the server address the client connected to
     */
    static String describe(PacketizedClip clip, long sessionId, InetAddress origin) {
        String family = origin instanceof Inet6Address ? "IP6" : "IP4";
        String any = origin instanceof Inet6Address ? "::" : "0.0.0.0";
        Base64.Encoder base64 = Base64.getEncoder();
        // RFC 6184 §8.1: packetization-mode=1 (single NAL unit and FU-A packets, what PacketizedClip holds);
        // profile-level-id from the SPS; sprop-parameter-sets so that a client can decode before the first
        // in-band SPS/PPS. b=AS is the video's bit rate in kbit/s (RFC 4566 §5.8), a hint for buffer sizing.
        return "v=0\r\n"
                + "o=- " + sessionId + " 1 IN " + family + " " + origin.getHostAddress() + "\r\n"
                + "s=" + SESSION_NAME + "\r\n"
                + "c=IN " + family + " " + any + "\r\n"
                + "t=0 0\r\n"
                + "a=tool:NVR camera simulator\r\n"
                + "a=control:*\r\n"
                + "a=range:npt=now-\r\n"
                + "m=video 0 RTP/AVP " + PAYLOAD_TYPE + "\r\n"
                + "b=AS:" + Math.max(1, clip.bitsPerSecond() / 1000) + "\r\n"
                + "a=rtpmap:" + PAYLOAD_TYPE + " H264/" + PacketizedClip.CLOCK_RATE_HZ + "\r\n"
                + "a=fmtp:" + PAYLOAD_TYPE + " packetization-mode=1;profile-level-id=" + clip.profileLevelId()
                + ";sprop-parameter-sets=" + base64.encodeToString(clip.sps()) + ","
                + base64.encodeToString(clip.pps()) + "\r\n"
                + "a=framerate:" + clip.fps() + "\r\n"
                + "a=control:" + TRACK + "\r\n";
    }
}
