package org.nvr.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nvr.core.rtsp.RtspAuthenticator;

/**
 * A blocking RTSP client over a plain socket for the benchmark: requests with Digest authentication (the project's
 * client-side {@link RtspAuthenticator}), DESCRIBE / SETUP over TCP channels 0-1 / PLAY, and interleaved frames
 * (RFC 2326 §10.12) read into one reused buffer. Nothing here decodes video.
 */
final class BenchRtspClient implements AutoCloseable {
    /** Largest interleaved frame: the length field is 16 bits. */
    static final int MAX_FRAME_BYTES = 65_535;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_LINE_BYTES = 8192;

    /** A reply: status and the headers, as read. */
    record Reply(int status, List<String> headerLines) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
            }
            return null;
        }

        List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            List<String> values = new ArrayList<>();
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).strip());
                }
            }
            return values;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final RtspAuthenticator auth;
    private final byte[] frame = new byte[MAX_FRAME_BYTES];
    private final String base;
    private int cseq;
    private String session;
    private int frameChannel;
    private int frameLength;
    private long framesBeforeReply;

    BenchRtspClient(int port, String path) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES));
        out = socket.getOutputStream();
        auth = new RtspAuthenticator(BenchUsers.USER, BenchUsers.PASSWORD);
        base = "rtsp://127.0.0.1:" + port + path;
    }

    /** DESCRIBE and SETUP (TCP, interleaved 0-1); throws unless both answer 200. */
    void describeAndSetup() throws IOException {
        expectOk(request("DESCRIBE", base, "Accept", "application/sdp"), "DESCRIBE");
        expectOk(request("SETUP", base + "/trackID=0", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"), "SETUP");
    }

    /** Sends PLAY (with {@code extraHeaders} as name, value pairs) and reads its reply. */
    Reply play(String... extraHeaders) throws IOException {
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "Session";
        headers[1] = session;
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
        return request("PLAY", base + "/", headers);
    }

    /** Sends TEARDOWN without waiting for its reply (the socket is closed next). */
    void teardown() throws IOException {
        send("TEARDOWN", base + "/", "Session", session);
    }

    /** Interleaved frames that came before a reply (the server may send media before its PLAY reply is read). */
    long framesBeforeReply() {
        return framesBeforeReply;
    }

    /**
     * Reads the next interleaved frame into the internal buffer; false at end of stream.
     *
     * @throws IOException when something other than a frame comes
     */
    boolean nextFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        if (first != '$') {
            // An RTSP message (a reply to a keep-alive, or a server request): skip it.
            skipMessage(first);
            return nextFrame();
        }
        readFrameBody();
        return true;
    }

    int frameChannel() {
        return frameChannel;
    }

    int frameLength() {
        return frameLength;
    }

    /** The current frame's bytes, valid until the next read. */
    byte[] frame() {
        return frame;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void expectOk(Reply reply, String what) throws IOException {
        if (reply.status() != 200) {
            throw new IOException(what + " answered " + reply.status());
        }
    }

    private Reply request(String method, String url, String... headerPairs) throws IOException {
        send(method, url, headerPairs);
        Reply reply = readReply();
        if (reply.status() == 401 && auth.onUnauthorized(reply.all("WWW-Authenticate"))) {
            send(method, url, headerPairs);
            reply = readReply();
        }
        String sessionHeader = reply.header("Session");
        if (sessionHeader != null) {
            session = sessionHeader.split(";")[0].strip();
        }
        return reply;
    }

    private void send(String method, String url, String... headerPairs) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(url).append(" RTSP/1.0\r\n")
                .append("CSeq: ").append(++cseq).append("\r\n");
        auth.authorization(method, url).ifPresent(a -> request.append("Authorization: ").append(a).append("\r\n"));
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Reply readReply() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                throw new IOException("server closed the connection before replying");
            }
            if (first == '$') {
                readFrameBody();
                framesBeforeReply++;
                continue;
            }
            String status = (char) first + line();
            List<String> headers = new ArrayList<>();
            int length = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                headers.add(header);
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring("content-length:".length()).strip());
                }
            }
            in.skipNBytes(length);
            String[] parts = status.split(" ", 3);
            return new Reply(Integer.parseInt(parts[1]), headers);
        }
    }

    private void skipMessage(int first) throws IOException {
        int length = 0;
        String start = (char) first + line();
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).strip());
            }
        }
        if (!start.startsWith("RTSP/")) {
            throw new IOException("unexpected data from the server: " + start);
        }
        in.skipNBytes(length);
    }

    private void readFrameBody() throws IOException {
        frameChannel = in.readUnsignedByte();
        frameLength = in.readUnsignedShort();
        in.readFully(frame, 0, frameLength);
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line");
            }
            if (bytes.size() >= MAX_LINE_BYTES) {
                throw new IOException("RTSP line longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
