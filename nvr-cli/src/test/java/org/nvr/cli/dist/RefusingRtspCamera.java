package org.nvr.cli.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RTSP "camera" on 127.0.0.1 that answers every request with {@code 401 Unauthorized} and both a Digest and a
 * Basic challenge (RFC 2326 §10.2 with RFC 2617 auth, as IP cameras do), so that the NVR sends its configured
 * credentials and fails on every try: the path where a careless log line would print a password.
 */
final class RefusingRtspCamera implements AutoCloseable {
    /** A client that sends more than this many requests on one connection is cut off. */
    private static final int MAX_REQUESTS_PER_CONNECTION = 16;
    /** Longest header block read from one request. */
    private static final int MAX_HEADER_LINES = 64;
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger requestsWithCredentials = new AtomicInteger();

    RefusingRtspCamera() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "refusing-rtsp-camera");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Requests that carried an {@code Authorization} header, i.e. the NVR's answer to a challenge. */
    int requestsWithCredentials() {
        return requestsWithCredentials.get();
    }

    private void serve() {
        while (!server.isClosed()) {
            // One connection at a time: the NVR's RTSP client uses one per camera stream.
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                refuseAll(socket);
            } catch (IOException e) {
                // close() ends accept() with an exception; any other failure (an idle client timing out, one that
                // went away mid-request) only ends that connection, and the next one is served.
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void refuseAll(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        for (int request = 0; request < MAX_REQUESTS_PER_CONNECTION; request++) {
            String cseq = null;
            boolean credentials = false;
            String line = in.readLine();
            if (line == null) {
                return;
            }
            for (int headers = 0; headers < MAX_HEADER_LINES; headers++) {
                line = in.readLine();
                if (line == null || line.isEmpty()) {
                    break;
                }
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("cseq:")) {
                    cseq = line.substring(5).strip();
                } else if (lower.startsWith("authorization:")) {
                    credentials = true;
                }
            }
            if (credentials) {
                requestsWithCredentials.incrementAndGet();
            }
            String response = "RTSP/1.0 401 Unauthorized\r\n"
                    + (cseq == null ? "" : "CSeq: " + cseq + "\r\n")
                    + "WWW-Authenticate: Digest realm=\"gate\", nonce=\"5d1c0ffee0ddf00d\"\r\n"
                    + "WWW-Authenticate: Basic realm=\"gate\"\r\n"
                    + "Content-Length: 0\r\n\r\n";
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(READ_TIMEOUT_MILLIS * 2L);
    }
}
