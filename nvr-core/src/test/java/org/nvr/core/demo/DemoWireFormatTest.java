package org.nvr.core.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtsp.RtspTransport.PortPair;

/** The demo camera's RTCP, Transport and SDP text, byte by byte. */
class DemoWireFormatTest {

    @Test
    void senderReportWithCname() {
        // 2024-01-01T00:00:00.5Z: NTP seconds 3913056000 = 0xe93c7f00 (1704067200 + 2208988800), fraction 2^31.
        ByteBuf report = DemoRtcp.senderReport(UnpooledByteBufAllocator.DEFAULT, 0xcafebabeL,
                Instant.parse("2024-01-01T00:00:00.5Z"), 0x01020304L, 70_000_000_000L, 5, "ab");
        try {
            assertThat(ByteBufUtil.hexDump(report)).isEqualTo(
                    "80c80006"     // V=2, P=0, RC=0, PT=200 (SR), length 6 words - 1 (RFC 3550 §6.4.1)
                    + "cafebabe"   // SSRC of sender
                    + "e93c7f00"   // NTP timestamp, seconds since 1900
                    + "80000000"   // NTP timestamp, fraction (0.5 s)
                    + "01020304"   // RTP timestamp of the same instant
                    + "4c533c00"   // packet count 70e9 mod 2^32 (§6.4.1: wraps)
                    + "00000005"   // octet count
                    + "81ca0003"   // V=2, SC=1, PT=202 (SDES), length 4 words - 1 (§6.5)
                    + "cafebabe"   // chunk SSRC
                    + "01026162"   // CNAME item: type 1, length 2, "ab"
                    + "00000000"); // END item, padding to 32 bits
        } finally {
            report.release();
        }
    }

    @Test
    void transportChoosesFirstSupportedAlternative() {
        assertThat(DemoTransport.choose("RTP/AVP/TCP;unicast;interleaved=0-1"))
                .contains(new DemoTransport(true, 0, 1));
        assertThat(DemoTransport.choose("RTP/AVP/TCP;unicast;interleaved=4"))
                .contains(new DemoTransport(true, 4, 5));
        assertThat(DemoTransport.choose("RTP/AVP/TCP;unicast")).contains(new DemoTransport(true, -1, -1));
        assertThat(DemoTransport.choose("RTP/AVP;unicast;client_port=5000-5001"))
                .contains(new DemoTransport(false, 5000, 5001));
        assertThat(DemoTransport.choose("rtp/avp/udp;unicast;client_port=5002"))
                .contains(new DemoTransport(false, 5002, 5003));
        // VLC-style list: multicast first, then unicast UDP.
        assertThat(DemoTransport.choose("RTP/AVP;multicast,RTP/AVP;unicast;client_port=6000-6001"))
                .contains(new DemoTransport(false, 6000, 6001));
    }

    @Test
    void transportSkipsAnAlternativeWithABadValueAndTakesTheNext() {
        // RtspTransport.parseAll would reject the whole header for the first alternative's port.
        assertThat(DemoTransport.choose("RTP/AVP;unicast;client_port=x-y,RTP/AVP/TCP;unicast;interleaved=2-3"))
                .contains(new DemoTransport(true, 2, 3));
    }

    @Test
    void transportReplyNamesTheChosenPortsAndTheSsrc() {
        assertThat(new DemoTransport(true, 0, 1).reply(Optional.empty(), 0x0badcafeL))
                .isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=0BADCAFE");
        assertThat(new DemoTransport(false, 5000, 5001)
                .reply(Optional.of(new PortPair(6970, 6971)), 1))
                .isEqualTo("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=00000001");
    }

    @Test
    void transportRejectsWhatTheDemoCameraDoesNotOffer() {
        assertThat(DemoTransport.choose(null)).isEmpty();
        assertThat(DemoTransport.choose("")).isEmpty();
        assertThat(DemoTransport.choose("RTP/AVP;multicast")).isEmpty();
        assertThat(DemoTransport.choose("RTP/AVP;unicast")).isEmpty(); // UDP without client_port
        assertThat(DemoTransport.choose("RTP/AVP;unicast;client_port=x-y")).isEmpty();
        assertThat(DemoTransport.choose("RTP/AVP;unicast;client_port=0-1")).isEmpty();
        assertThat(DemoTransport.choose("RTP/AVP;unicast;client_port=65535-65536")).isEmpty();
        assertThat(DemoTransport.choose("RTP/AVP/TCP;interleaved=256-257")).isEmpty();
        assertThat(DemoTransport.choose("RTP/AVP/TCP;interleaved=3-3")).isEmpty();
        // Sending to a third party on a client's word would make the camera a traffic reflector.
        assertThat(DemoTransport.choose("RTP/AVP;unicast;destination=10.1.2.3;client_port=5000-5001")).isEmpty();
        assertThat(DemoTransport.choose("MP2T/H2221/UDP;unicast;client_port=5000-5001")).isEqualTo(Optional.empty());
    }

    @Test
    void sdpNamesTheTestSourceAndCarriesParameterSets() throws Exception {
        byte[] sps = {0x67, 0x42, (byte) 0xc0, 0x1e, (byte) 0xda};
        byte[] pps = {0x68, (byte) 0xce, 0x38, (byte) 0x80};
        byte[] idr = {0x65, (byte) 0x88, (byte) 0x84, 0x21};
        DemoClip clip = DemoClip.of(List.of(new DemoClip.Frame(true, List.of(sps, pps, idr))), 30);

        String sdp = DemoSdp.describe(clip, 42, InetAddress.getByName("127.0.0.1"));

        assertThat(sdp).isEqualTo("v=0\r\n"
                + "o=- 42 1 IN IP4 127.0.0.1\r\n"
                + "s=NVR demo camera (test source)\r\n"
                + "c=IN IP4 0.0.0.0\r\n"
                + "t=0 0\r\n"
                + "a=tool:NVR demo camera\r\n"
                + "a=control:*\r\n"
                + "a=range:npt=now-\r\n"
                + "m=video 0 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\n"
                // base64 of 67 42 c0 1e da and 68 ce 38 80
                + "a=fmtp:96 packetization-mode=1;profile-level-id=42C01E;sprop-parameter-sets=Z0LAHto=,aM44gA==\r\n"
                + "a=framerate:30\r\n"
                + "a=control:trackID=0\r\n");
        assertThat(DemoSdp.describe(clip, 1, InetAddress.getByName("::1"))).contains("IN IP6 0:0:0:0:0:0:0:1",
                "c=IN IP6 ::");
    }

    @Test
    void optionsRejectOutOfRangeLimits() {
        DemoServerOptions defaults = DemoServerOptions.defaults();
        assertThat(defaults.sessionTimeout().toSeconds()).isEqualTo(60);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withWriteBuffers(10, 5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> defaults.withSessionTimeout(java.time.Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
