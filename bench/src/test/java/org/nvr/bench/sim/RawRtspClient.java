package org.nvr.bench.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking RTSP client for tests that reads the simulator byte by byte: requests, responses and {@code $} frames
 * (RFC 2326 §10.12) in the order they arrive. Frames that arrive while it waits for a response are kept for
 * {@link #readFrame()}. Not a model of a good client.
 */
final class RawRtspClient implements AutoCloseable {

    /** One response; header names lower-cased. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One interleaved frame. */
    record Frame(int channel, byte[] data) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<Frame> early = new ArrayList<>();
    private int cseq;

    RawRtspClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = socket.getOutputStream();
    }

    /** Sends a request with the next CSeq and these header lines, and reads its response. */
    Response request(String method, String url, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        return sendRaw(request.toString());
    }

    /** Sends bytes as they are and reads one response. */
    Response sendRaw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readResponse();
    }

    /** The next interleaved frame, first those that came in while a response was awaited. */
    Frame readFrame() throws IOException {
        if (!early.isEmpty()) {
            return early.remove(0);
        }
        int first = in.read();
        if (first != '$') {
            throw new IOException("expected an interleaved frame, got byte " + first);
        }
        return readFrameBody();
    }

    /** The frames that arrived while responses were awaited and have not been read yet; clears them. */
    List<Frame> drainEarly() {
        List<Frame> frames = List.copyOf(early);
        early.clear();
        return frames;
    }

    private Response readResponse() throws IOException {
        int first = in.read();
        while (first == '$') {
            early.add(readFrameBody());
            first = in.read();
        }
        if (first < 0) {
            throw new IOException("connection closed");
        }
        String statusLine = (char) first + readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("RTSP/")) {
            throw new IOException("not a status line: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = new byte[length];
        in.readFully(body);
        return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private Frame readFrameBody() throws IOException {
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] data = new byte[length];
        in.readFully(data);
        return new Frame(channel, data);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in a header line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
