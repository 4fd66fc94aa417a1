package org.nvr.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free ports on 127.0.0.1, found by binding port 0 and closing. Another process may take the port before the
 * caller binds it; peers that can report their own port (gst_rtsp_camera.py with {@code --port 0}) avoid the race.
 */
public final class FreePorts {
    /** Attempts before giving up on an even/odd UDP pair. */
    static final int PAIR_ATTEMPTS = 50;

    private FreePorts() {
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int tcpPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }

    /** An even UDP port and the odd port after it, both free on 127.0.0.1 (RFC 3550 §11: RTP even, RTCP + 1). */
    public static UdpPortPair udpPair() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < PAIR_ATTEMPTS; attempt++) {
            try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                int port = first.getLocalPort();
                int even = (port % 2 == 0) ? port : port + 1;
                if (even + 1 > 65535) {
                    continue;
                }
                boolean pairFree = even == port
                        ? isUdpFree(loopback, even + 1)
                        : isUdpFree(loopback, even) && isUdpFree(loopback, even + 1);
                if (pairFree) {
                    return new UdpPortPair(even, even + 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a UDP socket on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no free even/odd UDP port pair on 127.0.0.1 after " + PAIR_ATTEMPTS
                + " attempts");
    }

    private static boolean isUdpFree(InetAddress address, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port))) {
            return socket.isBound();
        } catch (BindException e) {
            return false;
        }
    }

    /** An RTP port and its RTCP port. */
    public record UdpPortPair(int rtpPort, int rtcpPort) {
        /** Checks the RFC 3550 §11 layout: RTP on an even port, RTCP on the next. */
        public UdpPortPair {
            if (rtpPort % 2 != 0 || rtcpPort != rtpPort + 1 || rtpPort < 1024 || rtcpPort > 65535) {
                throw new IllegalArgumentException("not an even/odd pair: " + rtpPort + "/" + rtcpPort);
            }
        }
    }
}
