package org.nvr.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of {@link FaultProxy} against an echo server on loopback, with blocking sockets as the NVR side. */
class FaultProxyTest {
    private ServerSocket echo;
    private Thread echoThread;
    private FaultProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(this::serveEcho, "echo");
        echoThread.setDaemon(true);
        echoThread.start();
        proxy = new FaultProxy("127.0.0.1", echo.getLocalPort());
        proxy.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        echo.close();
        echoThread.join(5_000);
    }

    private void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] buf = new byte[8192];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // The proxy dropped or reset the connection: what these tests do.
                    }
                }, "echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] readExactly(Socket s, int n) throws IOException {
        byte[] out = s.getInputStream().readNBytes(n);
        assertThat(out).hasSize(n);
        return out;
    }

    @Test
    void passForwardsBothWays() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("hello".getBytes());
            assertThat(new String(readExactly(s, 5))).isEqualTo("hello");
        }
        assertThat(proxy.accepted()).isEqualTo(1);
        assertThat(proxy.forwardedBytes()).isEqualTo(10);
    }

    @Test
    void stallHoldsTheBytesAndPassDeliversThem() throws IOException {
        try (Socket s = connect()) {
            readWriteOnce(s);
            proxy.stall();
            s.getOutputStream().write("held".getBytes());
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.pass();
            s.setSoTimeout(5_000);
            assertThat(new String(readExactly(s, 4))).isEqualTo("held");
        }
    }

    @Test
    void halfOpenSwallowsTheBytesWithoutClosing() throws IOException {
        try (Socket s = connect()) {
            readWriteOnce(s);
            proxy.halfOpen();
            s.getOutputStream().write("lost".getBytes());
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.pass();
            s.getOutputStream().write("next".getBytes());
            s.setSoTimeout(5_000);
            assertThat(new String(readExactly(s, 4))).isEqualTo("next");
        }
        assertThat(proxy.accepted()).isEqualTo(1);
    }

    @Test
    void dropClosesWithFinAndRefusesNewConnectionsUntilPass() throws IOException {
        try (Socket s = connect()) {
            readWriteOnce(s);
            proxy.drop();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = connect()) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        proxy.pass();
        try (Socket s = connect()) {
            readWriteOnce(s);
        }
    }

    @Test
    void resetAbortsWithRst() throws IOException {
        try (Socket s = connect()) {
            readWriteOnce(s);
            proxy.reset();
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        proxy.pass();
        try (Socket s = connect()) {
            readWriteOnce(s);
        }
    }

    @Test
    void trickleDeliversEverythingInSmallSlices() throws IOException {
        try (Socket s = connect()) {
            readWriteOnce(s);
            proxy.trickle(2_000);
            byte[] sent = new byte[2_000];
            Arrays.fill(sent, (byte) 'x');
            s.getOutputStream().write(sent);
            byte[] got = new byte[sent.length];
            int reads = 0;
            int off = 0;
            while (off < got.length) {
                int n = s.getInputStream().read(got, off, got.length - off);
                assertThat(n).isPositive();
                off += n;
                reads++;
            }
            assertThat(got).isEqualTo(sent);
            // 40 bytes per 20 ms slice: the echo arrives in many pieces, never all at once.
            assertThat(reads).isGreaterThan(4);
        }
    }

    private static void readWriteOnce(Socket s) throws IOException {
        s.getOutputStream().write("ping".getBytes());
        assertThat(new String(readExactly(s, 4))).isEqualTo("ping");
    }
}
