package org.nvr.core.demo;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Base64;

/** The session description the demo camera answers DESCRIBE with (RFC 4566, RFC 6184 §8.2.1, RFC 2326 C.1). */
final class DemoSdp {

    /** Session name: says plainly that this is the built-in test source. */
    static final String SESSION_NAME = "NVR demo camera (test source)";
    static final int PAYLOAD_TYPE = 96;
    static final String TRACK = "trackID=0";

    private DemoSdp() {
    }

    /**
     * @param sessionId   the o= line's session id (RFC 4566 §5.2), any decimal number
     * @param origin      the server address the client connected to
     */
    static String describe(DemoClip clip, long sessionId, InetAddress origin) {
        String family = origin instanceof Inet6Address ? "IP6" : "IP4";
        String any = origin instanceof Inet6Address ? "::" : "0.0.0.0";
        Base64.Encoder base64 = Base64.getEncoder();
        return "v=0\r\n"
                + "o=- " + sessionId + " 1 IN " + family + " " + origin.getHostAddress() + "\r\n"
                + "s=" + SESSION_NAME + "\r\n"
                + "c=IN " + family + " " + any + "\r\n"
                + "t=0 0\r\n"
                + "a=tool:NVR demo camera\r\n"
                + "a=control:*\r\n"
                + "a=range:npt=now-\r\n"
                + "m=video 0 RTP/AVP " + PAYLOAD_TYPE + "\r\n"
                + "a=rtpmap:" + PAYLOAD_TYPE + " H264/90000\r\n"
                + "a=fmtp:" + PAYLOAD_TYPE + " packetization-mode=1;profile-level-id=" + clip.profileLevelId()
                + ";sprop-parameter-sets=" + base64.encodeToString(clip.sps()) + ","
                + base64.encodeToString(clip.pps()) + "\r\n"
                + "a=framerate:" + clip.fps() + "\r\n"
                + "a=control:" + TRACK + "\r\n";
    }
}
