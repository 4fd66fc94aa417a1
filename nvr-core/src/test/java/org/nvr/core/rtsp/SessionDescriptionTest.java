package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class SessionDescriptionTest {

    @Test
    void gstreamer() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.GSTREAMER);
        assertThat(sdp.sessionName()).isEqualTo("Session streamed with GStreamer");
        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.range()).isEqualTo("npt=now-");
        assertThat(sdp.media()).hasSize(2);

        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
        assertThat(video.type()).isEqualTo("video");
        assertThat(video.port()).isZero();
        assertThat(video.protocol()).isEqualTo("RTP/AVP");
        assertThat(video.payloadTypes()).containsExactly(96);
        assertThat(video.control()).isEqualTo("stream=0");
        assertThat(video.rtpMaps()).containsExactly(new RtpMap(96, "H264", 90000, ""));
        assertThat(video.fmtpOf(96)).isEqualTo("packetization-mode=1;sprop-parameter-sets="
                + "Z0LAFdoFB+wFqDAwNSgAAAMACAAAAwGUeLF1,aM48gA==;profile-level-id=42c015;level-asymmetry-allowed=1");
        assertThat(video.attributes()).containsExactly("framerate:25", "ts-refclk:local", "mediaclk:sender",
                "ssrc:3228502501 cname:user3779324433@host-fd4eb01e");

        MediaDescription audio = sdp.firstMedia("audio", "pcmu").orElseThrow();
        assertThat(audio.control()).isEqualTo("stream=1");
        assertThat(audio.findEncoding("PCMU")).contains(new RtpMap(0, "PCMU", 8000, ""));
        assertThat(RtspUrls.resolveControl("rtsp://127.0.0.1:8554/cam1/", video.control()))
                .isEqualTo("rtsp://127.0.0.1:8554/cam1/stream=0");
    }

    @Test
    void vlc() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.VLC);
        assertThat(sdp.sessionName()).isEqualTo("Unnamed");
        assertThat(sdp.control()).isEqualTo("rtsp://127.0.0.1:18556/cam2");
        assertThat(sdp.range()).isEmpty();
        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
        assertThat(video.control()).isEqualTo("rtsp://127.0.0.1:18556/cam2/trackID=1");
        assertThat(video.attributes()).isEmpty();
        H264Fmtp fmtp = H264Fmtp.parse(video.fmtpOf(96));
        assertThat(fmtp.packetizationMode()).isEqualTo(1);
        assertThat(fmtp.profileLevelId()).isEqualTo("64000d");
        // SPS: 0x67 = NAL type 7, profile_idc 100 (High), level_idc 13.
        assertThat(fmtp.sps()).startsWith(0x67, 0x64, 0x00, 0x0d);
        assertThat(fmtp.pps()).containsExactly(0x68, 0xeb, 0xc3, 0xcb, 0x22, 0xc0);
    }

    @Test
    void hikvision() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.HIKVISION);
        assertThat(sdp.sessionName()).isEqualTo("HIK Media Server V5.03.010");
        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.range()).isEqualTo("npt=now-");
        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
        assertThat(video.control()).isEqualTo("trackID=video");
        assertThat(H264Fmtp.parse(video.fmtpOf(96)).packetizationMode()).isZero();
        MediaDescription audio = sdp.media().get(1);
        assertThat(audio.findEncoding("mpeg4-generic")).contains(new RtpMap(104, "MPEG4-GENERIC", 16000, ""));
        // The fmtp names payload type 97, which the section does not use: kept under 97, nothing for 104.
        assertThat(audio.fmtpOf(104)).isEmpty();
        assertThat(audio.fmtpOf(97)).startsWith("streamtype=5;");
        assertThat(audio.attributes()).contains("recvonly", "appversion:1.0")
                .anyMatch(a -> a.startsWith("Media_header:MEDIAINFO="));
    }

    @Test
    void hikvisionOlderFirmware() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.HIKVISION_V3);
        assertThat(sdp.range()).isEqualTo("npt=0-");
        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
        assertThat(video.control()).isEqualTo("rtsp://192.0.2.64:554/Streaming/Channels/101/trackID=1");
        H264Fmtp fmtp = H264Fmtp.parse(video.fmtpOf(96));
        assertThat(fmtp.packetizationMode()).isEqualTo(1);
        assertThat(fmtp.profileLevelId()).isEqualTo("420029");
        assertThat(fmtp.sps()).hasSize(27);
        // Static payload type 0 with no rtpmap line: PCMU/8000 from RFC 3551.
        assertThat(sdp.firstMedia("audio", "PCMU").orElseThrow().control()).endsWith("/trackID=2");
        assertThat(RtspUrls.resolveControl("rtsp://192.0.2.64:554/Streaming/Channels/101", video.control()))
                .isEqualTo(video.control());
    }

    @Test
    void dahuaWithOnvifMetadataAndBackchannel() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.DAHUA);
        assertThat(sdp.media()).extracting(MediaDescription::type)
                .containsExactly("video", "audio", "application", "audio");
        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
        assertThat(video.control()).isEqualTo("trackID=0");
        assertThat(video.attributes()).contains("framerate:15.000000", "recvonly");
        assertThat(H264Fmtp.parse(video.fmtpOf(96)).sps()).hasSize(23);
        assertThat(sdp.firstMedia("audio", "PCMA").orElseThrow().control()).isEqualTo("trackID=1");
        MediaDescription metadata = sdp.media().get(2);
        assertThat(metadata.findEncoding("vnd.onvif.metadata")).isPresent();
        assertThat(sdp.firstMedia("application", "H264")).isEmpty();
        assertThat(sdp.media().get(3).payloadTypes()).containsExactly(97, 0, 8);
        // Dahua's Content-Base carries the query and a trailing '/'; relative controls are appended to it.
        assertThat(RtspUrls.resolveControl(
                "rtsp://192.0.2.108:554/cam/realmonitor?channel=1&subtype=0/", video.control()))
                .isEqualTo("rtsp://192.0.2.108:554/cam/realmonitor?channel=1&subtype=0/trackID=0");
    }

    @Test
    void axis() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.AXIS);
        assertThat(sdp.control()).isEqualTo("rtsp://192.0.2.90/axis-media/media.amp?videocodec=h264");
        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
        assertThat(video.control()).isEqualTo("rtsp://192.0.2.90/axis-media/media.amp/stream=0?videocodec=h264");
        assertThat(video.attributes()).contains("x-onvif-track:VIDEO001");
        assertThat(sdp.media().get(1).attributes()).contains("x-onvif-track:METADATA001");
    }

    @Test
    void live555WithLfAndLeadingBlanks() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.LIVE555);
        assertThat(sdp.sessionName()).isEqualTo("H.264 Video, streamed by the LIVE555 Media Server");
        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.range()).isEqualTo("npt=0-");
        assertThat(sdp.firstMedia("video", "H264").orElseThrow().control()).isEqualTo("track1");
    }

    @Test
    void vcpWithBrokenConnectionLines() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.VCP);
        assertThat(sdp.control()).isEmpty();
        MediaDescription video = sdp.firstMedia("video", "h264").orElseThrow();
        assertThat(video.payloadTypes()).containsExactly(105);
        assertThat(H264Fmtp.parse(video.fmtpOf(105)).packetizationMode()).isEqualTo(1);
        assertThat(sdp.media().get(1).fmtpOf(107)).isEqualTo("DecoderTag=h3c-v3 RTCP=0");
    }

    @Test
    void missingSessionNameTrailingWhitespaceAndUnknownLinesAreTolerated() {
        String sdp = "v=0  \r\n"
                + "x-garbage without equals\r\n"
                + "z=unknown type\r\n"
                + "m=video 0 RTP/AVP 96   \t\r\n"
                + "a=rtpmap:96   H264/90000  \r\n"
                + "a=control:trackID=1\t\r\n";
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertThat(parsed.sessionName()).isEmpty();
        MediaDescription video = parsed.firstMedia("video", "H264").orElseThrow();
        assertThat(video.control()).isEqualTo("trackID=1");
        assertThat(video.rtpMaps()).containsExactly(new RtpMap(96, "H264", 90000, ""));
    }

    @Test
    void rtpmapWithEncodingParametersAndMultiplePorts() {
        String sdp = "v=0\nm=audio 5004/2 RTP/AVP 97\na=rtpmap:97 MPEG4-GENERIC/48000/2\n";
        MediaDescription audio = SessionDescription.parse(sdp).media().get(0);
        assertThat(audio.port()).isEqualTo(5004);
        assertThat(audio.rtpMaps()).containsExactly(new RtpMap(97, "MPEG4-GENERIC", 48000, "2"));
    }

    @Test
    void nonRtpProtocolHasNoPayloadTypes() {
        MediaDescription m = SessionDescription.parse("v=0\nm=application 9 TCP/BFCP *\n").media().get(0);
        assertThat(m.protocol()).isEqualTo("TCP/BFCP");
        assertThat(m.payloadTypes()).isEmpty();
    }

    @Test
    void firstMediaIsEmptyWhenNoSectionMatches() {
        SessionDescription sdp = SessionDescription.parse(SdpFixtures.GSTREAMER);
        assertThat(sdp.firstMedia("video", "H265")).isEqualTo(Optional.empty());
        assertThat(sdp.firstMedia("text", "H264")).isEmpty();
    }

    @Test
    void malformedMediaLinesNameTheLine() {
        assertMalformed("v=0\r\ns=x\r\nm=video 0 RTP/AVP\r\n", "SDP line 3: m= line needs");
        assertMalformed("v=0\nm=video abc RTP/AVP 96\n", "SDP line 2: m= port 'abc'");
        assertMalformed("v=0\nm=video 70000 RTP/AVP 96\n", "SDP line 2: m= port '70000' is not a number in 0..65535");
        assertMalformed("v=0\nm=video 0 RTP/AVP 96 H264\n", "SDP line 2: m= payload type 'H264'");
        assertMalformed("v=0\nm=video 0 RTP/AVP 128\n", "m= payload type '128'");
    }

    @Test
    void malformedRtpmapLinesNameTheLine() {
        String head = "v=0\nm=video 0 RTP/AVP 96\n";
        assertMalformed(head + "a=rtpmap:96\n", "SDP line 3: a=rtpmap needs a payload type and an encoding");
        assertMalformed(head + "a=rtpmap:x H264/90000\n", "SDP line 3: a=rtpmap payload type 'x'");
        assertMalformed(head + "a=rtpmap:96 H264\n", "SDP line 3: a=rtpmap needs <encoding>/<clock rate>");
        assertMalformed(head + "a=rtpmap:96 H264/abc\n", "a=rtpmap clock rate 'abc'");
        assertMalformed(head + "a=rtpmap:96 H264/0\n", "a=rtpmap clock rate '0'");
        assertMalformed(head + "a=rtpmap:96 /90000\n", "a=rtpmap needs <encoding>");
        assertMalformed(head + "a=rtpmap:96 L16/8000/1/2\n", "a=rtpmap needs <encoding>");
    }

    @Test
    void boundsAreEnforced() {
        assertMalformed("", "no <type>=<value> line");
        assertMalformed("<html>not sdp</html>", "no <type>=<value> line");
        StringBuilder manyMedia = new StringBuilder("v=0\n");
        for (int i = 0; i < 17; i++) {
            manyMedia.append("m=video 0 RTP/AVP 96\n");
        }
        assertMalformed(manyMedia.toString(), "SDP line 18: more than 16 media sections");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\n".repeat(20), new SdpLimits(1000, 4, 10)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("more than 10 lines");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\n" + "a=x\n".repeat(300), new SdpLimits(1000, 4, 1000)))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("exceeds 1000");
        assertThatThrownBy(() -> new SdpLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsAreImmutableCopies() {
        List<Integer> pts = new java.util.ArrayList<>(List.of(96));
        MediaDescription m = new MediaDescription("video", 0, "RTP/AVP", pts, "", List.of(), Map.of(), List.of());
        pts.add(97);
        assertThat(m.payloadTypes()).containsExactly(96);
        assertThatThrownBy(() -> m.payloadTypes().add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new MediaDescription("video", 0, "RTP/AVP", List.of(200), "", List.of(), Map.of(),
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpMap(96, " ", 90000, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpMap(96, "H264", 0, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staticPayloadTypes() {
        assertThat(RtpMap.staticPayloadType(8)).contains(new RtpMap(8, "PCMA", 8000, ""));
        assertThat(RtpMap.staticPayloadType(10)).contains(new RtpMap(10, "L16", 44100, "2"));
        assertThat(RtpMap.staticPayloadType(96)).isEmpty();
    }

    private static void assertMalformed(String sdp, String messagePart) {
        assertThatThrownBy(() -> SessionDescription.parse(sdp))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(messagePart);
    }
}
