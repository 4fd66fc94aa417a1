package org.nvr.onvif.media;

/** How RTP is to be carried for a unicast stream URI. */
public enum StreamTransport {
    /** RTP over UDP, set up by RTSP (Media1 Transport/Protocol UDP, Media2 Protocol RtspUnicast). */
    RTSP_UDP,
    /** RTP interleaved in the RTSP TCP connection (RFC 2326 §10.12; Media1 Protocol RTSP, Media2 RTSP). */
    RTSP_TCP
}
