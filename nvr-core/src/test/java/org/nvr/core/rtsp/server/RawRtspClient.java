package org.nvr.core.rtsp.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nvr.core.rtsp.RtspAuthenticator;

/**
 * A blocking RTSP client over a plain socket, for tests that need exact control: send any request (or raw
 * bytes), read the reply, read interleaved frames. Authenticates with the project's client-side
 * {@link RtspAuthenticator} when given a user.
 */
final class RawRtspClient implements AutoCloseable {

    /** A reply; header names lower-cased. */
    record Reply(int status, String reason, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** An interleaved frame and when it arrived. */
    record Frame(int channel, byte[] data, long receivedNanos) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final RtspAuthenticator auth;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private int cseq;
    private String session;

    RawRtspClient(int port, String user, String password) throws IOException {
        this(null, port, user, password);
    }

    /** A client connecting from {@code local} (e.g. 127.0.0.2, another client address on the loopback). */
    RawRtspClient(java.net.InetAddress local, int port, String user, String password) throws IOException {
        socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        auth = user == null ? null : new RtspAuthenticator(user, password);
    }

    /** A client whose receive buffer is {@code bytes} before connecting (a slow reader stalls sooner). */
    static RawRtspClient withReceiveBuffer(int port, String user, String password, int bytes) throws IOException {
        RawRtspClient client = new RawRtspClient(port, user, password);
        client.socket.setReceiveBufferSize(bytes);
        return client;
    }

    /**
     * True if the server closed the connection (end of stream or reset) within {@code timeout}; interleaved
     * frames and replies before that are skipped.
     */
    boolean closedByServer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            while (in.read() >= 0) {
                // Skip whatever the server still sends before closing.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(10_000);
            }
        }
    }

    String session() {
        return session;
    }

    Reply request(String method, String url, String... headerPairs) throws IOException {
        Reply reply = send(method, url, headerPairs);
        if (reply.status() == 401 && auth != null && auth.onUnauthorized(reply.all("WWW-Authenticate"))) {
            reply = send(method, url, headerPairs);
        }
        if (reply.header("Session") != null) {
            session = reply.header("Session").split(";")[0].strip();
        }
        return reply;
    }

    /** DESCRIBE, SETUP over TCP channels 0-1 and PLAY: returns the PLAY reply. */
    Reply playTcp(String url, String... playHeaders) throws IOException {
        Reply describe = request("DESCRIBE", url);
        if (describe.status() != 200) {
            return describe;
        }
        Reply setup = request("SETUP", RequestRouter.baseUrl(url) + "trackID=0",
                "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
        if (setup.status() != 200) {
            return setup;
        }
        String[] headers = new String[playHeaders.length + 2];
        headers[0] = "Session";
        headers[1] = session;
        System.arraycopy(playHeaders, 0, headers, 2, playHeaders.length);
        return request("PLAY", RequestRouter.baseUrl(url), headers);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next interleaved frame, or empty when none comes within {@code timeout}. */
    Optional<Frame> frame(Duration timeout) throws IOException {
        if (!frames.isEmpty()) {
            return Optional.of(frames.pollFirst());
        }
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            int first = in.read();
            if (first < 0) {
                return Optional.empty();
            }
            if (first != '$') {
                throw new IOException("expected an interleaved frame, got byte " + first);
            }
            return Optional.of(readFrame());
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** Reads a reply, keeping interleaved frames that come before it; null when the server closed. */
    Reply readReply() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            if (first == '$') {
                frames.addLast(readFrame());
                continue;
            }
            String status = (char) first + line();
            String[] parts = status.split(" ", 3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.computeIfAbsent(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(header.substring(colon + 1).strip());
            }
            int length = headers.containsKey("content-length")
                    ? Integer.parseInt(headers.get("content-length").get(0)) : 0;
            byte[] body = new byte[length];
            in.readFully(body);
            return new Reply(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers,
                    new String(body, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Reply send(String method, String url, String... headerPairs) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(url).append(" RTSP/1.0\r\n")
                .append("CSeq: ").append(++cseq).append("\r\n");
        if (auth != null) {
            auth.authorization(method, url).ifPresent(a -> request.append("Authorization: ").append(a).append("\r\n"));
        }
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        sendRaw(request.toString().getBytes(StandardCharsets.UTF_8));
        return readReply();
    }

    private Frame readFrame() throws IOException {
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] data = new byte[length];
        in.readFully(data);
        return new Frame(channel, data, System.nanoTime());
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
