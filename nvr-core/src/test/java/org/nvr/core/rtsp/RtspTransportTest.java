package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspTransport.LowerTransport;
import org.nvr.core.rtsp.RtspTransport.PortPair;

class RtspTransportTest {

    @Test
    void gstreamerTcpReply() {
        // Captured from GStreamer rtsp-server 1.22, SETUP reply over TCP.
        RtspTransport t = RtspTransport.parse("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=C06F09E5;mode=\"PLAY\"");
        assertThat(t.lowerTransport()).isEqualTo(LowerTransport.TCP);
        assertThat(t.multicast()).isFalse();
        assertThat(t.interleaved()).contains(new PortPair(0, 1));
        assertThat(t.ssrc()).isEqualTo(OptionalLong.of(0xC06F09E5L));
        assertThat(t.mode()).isEqualTo("PLAY");
        assertThat(t.format()).isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=C06F09E5;mode=\"PLAY\"");
    }

    @Test
    void gstreamerUdpReply() {
        // Captured from GStreamer rtsp-server 1.22, SETUP reply over UDP.
        RtspTransport t = RtspTransport.parse(
                "RTP/AVP;unicast;client_port=50000-50001;server_port=57712-57713;ssrc=B21E16F0;mode=\"PLAY\"");
        assertThat(t.lowerTransport()).isEqualTo(LowerTransport.UDP);
        assertThat(t.protocol()).isEqualTo("RTP/AVP");
        assertThat(t.clientPort()).contains(new PortPair(50000, 50001));
        assertThat(t.serverPort()).contains(new PortPair(57712, 57713));
        assertThat(t.ssrc()).hasValue(0xB21E16F0L);
        assertThat(RtspTransport.parse(t.format())).isEqualTo(t);
    }

    @Test
    void vlcUdpReplyWithExplicitUdpAndLowerCaseMode() {
        // Captured from VLC 3.0.24: RTP/AVP/UDP and mode=play.
        RtspTransport t = RtspTransport.parse(
                "RTP/AVP/UDP;unicast;client_port=50000-50001;server_port=44442-44443;ssrc=EF5BDDE4;mode=play");
        assertThat(t.lowerTransport()).isEqualTo(LowerTransport.UDP);
        assertThat(t.mode()).isEqualTo("PLAY");
        assertThat(t.serverPort()).contains(new PortPair(44442, 44443));
    }

    @Test
    void cameraRepliesWithSourceDestinationAndExtras() {
        // Shaped like a Hikvision UDP reply: destination and source addresses, short ssrc without leading zeros.
        RtspTransport t = RtspTransport.parse("RTP/AVP;unicast;destination=192.0.2.10;source=192.0.2.64;"
                + "client_port=8000-8001;server_port=8218-8219;ssrc=2f5a6c;ttl=16");
        assertThat(t.destination()).isEqualTo("192.0.2.10");
        assertThat(t.source()).isEqualTo("192.0.2.64");
        assertThat(t.ssrc()).hasValue(0x2f5a6cL);
        assertThat(t.otherParameters()).containsExactly("ttl=16");
        assertThat(t.format()).isEqualTo("RTP/AVP;unicast;destination=192.0.2.10;source=192.0.2.64;"
                + "client_port=8000-8001;server_port=8218-8219;ssrc=002F5A6C;ttl=16");
        assertThat(RtspTransport.parse(t.format())).isEqualTo(t);
    }

    @Test
    void multicastAndSingleNumbers() {
        RtspTransport t = RtspTransport.parse("RTP/AVP;multicast;destination=\"232.1.1.1\";port=5000-5001;"
                + "client_port=6000;interleaved=4");
        assertThat(t.multicast()).isTrue();
        assertThat(t.destination()).isEqualTo("232.1.1.1");
        assertThat(t.clientPort()).contains(new PortPair(6000, 6001));
        assertThat(t.interleaved()).contains(new PortPair(4, 5));
        assertThat(t.otherParameters()).containsExactly("port=5000-5001");
    }

    @Test
    void parseTakesTheFirstSpecAndParseAllSkipsUnsupportedProfiles() {
        String header = "RTP/AVP/TCP;unicast;interleaved=2-3, RTP/SAVP;unicast;client_port=4000-4001,"
                + " RTP/AVP;unicast;client_port=5000-5001";
        assertThat(RtspTransport.parse(header).interleaved()).contains(new PortPair(2, 3));
        List<RtspTransport> all = RtspTransport.parseAll(header);
        assertThat(all).extracting(RtspTransport::protocol).containsExactly("RTP/AVP/TCP", "RTP/AVP");
        assertThatThrownBy(() -> RtspTransport.parseAll("RTP/SAVP;unicast"))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("no RTP/AVP transport");
    }

    @Test
    void factories() {
        assertThat(RtspTransport.tcpInterleaved(2).format()).isEqualTo("RTP/AVP/TCP;unicast;interleaved=2-3");
        assertThat(RtspTransport.udp(50000).format()).isEqualTo("RTP/AVP;unicast;client_port=50000-50001");
        assertThat(RtspTransport.parse(RtspTransport.udp(50000).format())).isEqualTo(RtspTransport.udp(50000));
        assertThatThrownBy(() -> RtspTransport.tcpInterleaved(255)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtspTransport.udp(65535)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtspTransport.udp(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badValuesFail() {
        assertBad("RTP/SAVP;unicast", "unsupported transport 'RTP/SAVP'");
        assertBad("", "Transport header is empty");
        assertBad(" , ", "Transport header is empty");
        assertBad("RTP/AVP/TCP;interleaved=256-257", "interleaved '256' is not a number in 0..255");
        assertBad("RTP/AVP/TCP;interleaved=255", "leaves no room for RTCP");
        assertBad("RTP/AVP/TCP;interleaved=a-b", "interleaved 'a'");
        assertBad("RTP/AVP;client_port=0-1", "client_port '0'");
        assertBad("RTP/AVP;client_port=5000-70000", "client_port '70000'");
        assertBad("RTP/AVP;server_port=", "server_port ''");
        assertBad("RTP/AVP;ssrc=123456789", "ssrc '123456789' is not 1 to 8 hex digits");
        assertBad("RTP/AVP;ssrc=XYZ", "ssrc 'XYZ'");
        assertBad("RTP/AVP;destination=\"unterminated", "unterminated quoted string");
        assertBad("RTP/AVP" + ";x".repeat(40), "more than 32 parts");
        assertBad("RTP/AVP;x=" + "y".repeat(5000), "exceeds 4096");
    }

    @Test
    void recordValidation() {
        assertThatThrownBy(() -> new RtspTransport(LowerTransport.TCP, false, Optional.of(new PortPair(300, 301)),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), "", "", "", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtspTransport(LowerTransport.UDP, false, Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.of(1L << 32), "", "", "", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortPair(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBad(String header, String messagePart) {
        assertThatThrownBy(() -> RtspTransport.parse(header))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(messagePart);
    }
}
