package org.nvr.core.rtsp;

/**
 * SDPs as real RTSP servers and cameras write them. Two were captured here from the Debian peers (PEERS.md);
 * the camera ones are shaped like SDPs posted in public issue threads (cited), with addresses, ids and parameter
 * sets replaced.
 */
final class SdpFixtures {

    private SdpFixtures() {
    }

    // Captured from GStreamer rtsp-server 1.22 (Debian 12, PEERS.md launch line plus a PCMU audio branch):
    // session a=control:*, a=range:npt=now-, relative media control stream=N, CRLF line ends.
    static final String GSTREAMER = crlf("""
            v=0
            o=- 455738720535688605 1 IN IP4 127.0.0.1
            s=Session streamed with GStreamer
            i=rtsp-server
            t=0 0
            a=tool:GStreamer
            a=type:broadcast
            a=control:*
            a=range:npt=now-
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:2097
            a=rtpmap:96 H264/90000
            a=framerate:25
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,aM48gA==;\
            profile-level-id=42c015;level-asymmetry-allowed=1
            a=control:stream=0
            a=ts-refclk:local
            a=mediaclk:sender
            a=ssrc:3228502501 cname:user3779324433@host-fd4eb01e
            m=audio 0 RTP/AVP 0
            c=IN IP4 0.0.0.0
            b=AS:64
            a=rtpmap:0 PCMU/8000
            a=control:stream=1
            a=ts-refclk:local
            a=mediaclk:sender
            a=ssrc:2635081179 cname:user3779324433@host-fd4eb01e
            """);

    // Captured from VLC 3.0.24 (Debian 12) serving #rtp{sdp=rtsp://...}: absolute session and media controls,
    // the session c= line before t=, and a trailing ';' in the fmtp.
    static final String VLC = crlf("""
            v=0
            o=- 17199738026875306499 17199738026875306499 IN IP4 vm
            s=Unnamed
            i=N/A
            c=IN IP4 0.0.0.0
            t=0 0
            a=tool:vlc 3.0.24
            a=recvonly
            a=type:broadcast
            a=charset:UTF-8
            a=control:rtsp://127.0.0.1:18556/cam2
            m=video 0 RTP/AVP 96
            b=RR:0
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=64000d;\
            sprop-parameter-sets=Z2QADayyAoP2AiAAAAMAIAAABkHihUk=,aOvDyyLA;
            a=control:rtsp://127.0.0.1:18556/cam2/trackID=1
            """);

    // Shaped like a Hikvision DS-2CD camera (HIK Media Server V5, bluenviron/mediacommon#144): control
    // trackID=video, a=range:npt=now-, a Media_header after the last section, and an fmtp whose payload type (97)
    // does not match the rtpmap (104). Older Hikvision firmware writes absolute trackID=1 controls instead.
    static final String HIKVISION = crlf("""
            v=0
            o=- 1109162014219182 0 IN IP4 0.0.0.0
            s=HIK Media Server V5.03.010
            i=HIK Media Server Session Description : standard
            e=NONE
            c=IN IP4 0.0.0.0
            b=AS:2080
            t=0 0
            a=control:*
            a=range:npt=now-
            m=video 0 RTP/AVP 96
            i=Video Media
            b=AS:2048
            a=recvonly
            a=control:trackID=video
            a=rtpmap:96 H264/90000
            a=fmtp:96 profile-level-id=4D0014;packetization-mode=0
            m=audio 0 RTP/AVP 104
            i=Audio Media
            b=AS:32
            a=recvonly
            a=control:trackID=audio
            a=rtpmap:104 MPEG4-GENERIC/16000
            a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3
            a=Media_header:MEDIAINFO=494D4B48020100000400000101200210401F000000000000000000000000000000000000;
            a=appversion:1.0
            """);

    // Shaped like older Hikvision firmware (HIK Media Server V3): absolute controls .../trackID=1, a=range:npt=0-,
    // spaces after ';' in the fmtp, a session-level Media_header, and a PCMU section with no rtpmap.
    static final String HIKVISION_V3 = crlf("""
            v=0
            o=- 1109162014219182 1109162014219182 IN IP4 0.0.0.0
            s=HIK Media Server V3.0.2
            i=HIK Media Server Session Description : standard
            e=NONE
            c=IN IP4 0.0.0.0
            t=0 0
            a=control:*
            b=AS:4096
            a=range:npt=0-
            a=Media_header:MEDIAINFO=494D4B48010100000400010010710110401F000000FA000000000000000000000000;
            m=video 0 RTP/AVP 96
            b=AS:4096
            a=control:rtsp://192.0.2.64:554/Streaming/Channels/101/trackID=1
            a=rtpmap:96 H264/90000
            a=fmtp:96 profile-level-id=420029; packetization-mode=1;\
             sprop-parameter-sets=Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,aM48gA==
            a=Media_header:MEDIAINFO=494D4B48010100000400010010710110401F000000FA000000000000000000000000;
            m=audio 0 RTP/AVP 0
            b=AS:64
            a=control:rtsp://192.0.2.64:554/Streaming/Channels/101/trackID=2
            """);

    // Shaped like a Dahua camera with ONVIF backchannel (bluenviron/gortsplib#479): relative control
    // trackID=N, a=framerate with decimals, an ONVIF metadata section (vnd.onvif.metadata) and a backchannel audio
    // section offering many payload types. Base64 SPS without padding.
    static final String DAHUA = crlf("""
            v=0
            o=- 2273421142 2273421142 IN IP4 0.0.0.0
            s=Media Server
            c=IN IP4 0.0.0.0
            t=0 0
            a=control:*
            a=packetization-supported:DH
            a=rtppayload-supported:DH
            a=range:npt=now-
            m=video 0 RTP/AVP 96
            a=control:trackID=0
            a=framerate:15.000000
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=64000D;\
            sprop-parameter-sets=Z2QADayyAoP2AiAAAAMAIAAABkHihUk,aOvDyyLA
            a=recvonly
            m=audio 0 RTP/AVP 8
            a=control:trackID=1
            a=rtpmap:8 PCMA/8000
            a=recvonly
            m=application 0 RTP/AVP 107
            a=control:trackID=4
            a=rtpmap:107 vnd.onvif.metadata/90000
            a=recvonly
            m=audio 0 RTP/AVP 97 0 8
            a=control:trackID=5
            a=rtpmap:97 MPEG4-GENERIC/16000
            a=sendonly
            """);

    // Shaped like an Axis camera on AXIS OS (its RTSP server is GStreamer-based): absolute session control with a
    // query string, media control stream=0 placed before the query, and an ONVIF replay track tag.
    static final String AXIS = crlf("""
            v=0
            o=- 3914564914520580916 1 IN IP4 192.0.2.90
            s=Session streamed with GStreamer
            i=rtsp-server
            t=0 0
            a=tool:GStreamer
            a=type:broadcast
            a=range:npt=now-
            a=control:rtsp://192.0.2.90/axis-media/media.amp?videocodec=h264
            m=video 0 RTP/AVP 96
            c=IN IP4 0.0.0.0
            b=AS:50000
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;profile-level-id=4d0029;\
            sprop-parameter-sets=Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,aM48gA==
            a=ts-refclk:local
            a=mediaclk:sender
            a=recvonly
            a=control:rtsp://192.0.2.90/axis-media/media.amp/stream=0?videocodec=h264
            a=framerate:30.000000
            a=x-onvif-track:VIDEO001
            m=application 0 RTP/AVP 98
            c=IN IP4 0.0.0.0
            a=rtpmap:98 vnd.onvif.metadata/90000
            a=control:rtsp://192.0.2.90/axis-media/media.amp/stream=1?videocodec=h264
            a=x-onvif-track:METADATA001
            """);

    // Shaped like a live555-based NVR/encoder (html5_rtsp_player#89): LF-only line ends, leading blanks on each
    // line, session a=control:*, a=range:npt=0-, media control track1, and a huge b=AS.
    static final String LIVE555 = """
             v=0
             o=- 1532353060484054 1 IN IP4 192.0.2.70
             s=H.264 Video, streamed by the LIVE555 Media Server
             i=stream.264
             t=0 0
             a=tool:LIVE555 Streaming Media v2016.11.28
             a=type:broadcast
             a=control:*
             a=range:npt=0-
             a=x-qt-text-nam:H.264 Video, streamed by the LIVE555 Media Server
             m=video 0 RTP/AVP 96
             c=IN IP4 0.0.0.0
             b=AS:4096000
             a=rtpmap:96 H264/90000
             a=fmtp:96 packetization-mode=1;profile-level-id=42C015;\
            sprop-parameter-sets=Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,aM48gA==
             a=control:track1
            """;

    // Shaped like an H3C/"VCP IPC" camera (AlexxIT/go2rtc#1663): no session control, no t=, an invalid bare
    // "c=IN" line, spaces in the fmtp, and a metadata section with a non-standard fmtp.
    static final String VCP = crlf("""
            v=0
            o=- 1001 1 IN
            s=VCP IPC Realtime stream
            m=video 0 RTP/AVP 105
            c=IN
            a=control:rtsp://192.0.2.60/media/video1/video
            a=rtpmap:105 H264/90000
            a=fmtp:105 profile-level-id=640032; packetization-mode=1;\
             sprop-parameter-sets=Z2QADayyAoP2AiAAAAMAIAAABkHihUk=,aOvDyyLA
            a=recvonly
            m=application 0 RTP/AVP 107
            c=IN
            a=control:rtsp://192.0.2.60/media/video1/metadata
            a=rtpmap:107 vnd.onvif.metadata/90000
            a=fmtp:107 DecoderTag=h3c-v3 RTCP=0
            a=recvonly
            """);

    private static String crlf(String lfText) {
        return lfText.replace("\n", "\r\n");
    }
}
