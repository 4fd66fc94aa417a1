package org.nvr.core.rtsp.client;

/** How RTP travels from the camera, chosen per camera. */
public enum TransportMode {
    /** RTP and RTCP interleaved on the RTSP TCP connection (RFC 2326 §10.12). The default: survives NAT and loss. */
    TCP,
    /** RTP and RTCP on a UDP port pair (RFC 2326 §12.39, client_port). */
    UDP,
    /** TCP first; UDP when the camera answers SETUP with 461 Unsupported Transport (older cameras, VLC). */
    AUTO
}
