package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void tcpPortCanBeBoundOnLoopback() throws IOException {
        int port = FreePorts.tcpPort();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void udpPairIsEvenThenOddAndBindable() throws IOException {
        FreePorts.UdpPortPair pair = FreePorts.udpPair();

        assertThat(pair.rtpPort() % 2).isZero();
        assertThat(pair.rtcpPort()).isEqualTo(pair.rtpPort() + 1);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(loopback, pair.rtpPort()));
                DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(loopback, pair.rtcpPort()))) {
            assertThat(rtp.isBound() && rtcp.isBound()).isTrue();
        }
    }

    @Test
    void pairRejectsOddRtpOrNonAdjacentRtcp() {
        assertThatThrownBy(() -> new FreePorts.UdpPortPair(5001, 5002)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FreePorts.UdpPortPair(5000, 5003)).isInstanceOf(IllegalArgumentException.class);
    }
}
