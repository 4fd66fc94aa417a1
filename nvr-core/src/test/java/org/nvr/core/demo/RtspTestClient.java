package org.nvr.core.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny blocking RTSP client for tests: writes requests, reads responses and {@code $} frames (RFC 2326
 * §10.12) in order. Not a model of a good client: just enough to check the demo camera byte by byte.
 */
final class RtspTestClient implements AutoCloseable {

    /** One RTSP response; header names lower-cased. */
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
    private int cseq;

    RtspTestClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    RtspTestClient(int port) throws IOException {
        this(port, 0);
    }

    /** Sends a request with the next CSeq and the given headers, and reads its response. */
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

    /** Reads the next response, skipping interleaved frames before it. */
    Response readResponse() throws IOException {
        int first = in.read();
        while (first == '$') {
            readFrameBody();
            first = in.read();
        }
        if (first < 0) {
            throw new IOException("connection closed");
        }
        String statusLine = (char) first + readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].equals("RTSP/1.0")) {
            throw new IOException("bad status line: " + statusLine);
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

    /** Reads the next interleaved frame; fails if an RTSP message comes instead. */
    Frame readFrame() throws IOException {
        int first = in.read();
        if (first != '$') {
            throw new IOException("expected an interleaved frame, got byte " + first);
        }
        return readFrameBody();
    }

    /** Sends one interleaved frame (e.g. an RTCP receiver report). */
    void sendFrame(int channel, byte[] data) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write('$');
        frame.write(channel);
        frame.write(data.length >> 8);
        frame.write(data.length & 0xff);
        frame.writeBytes(data);
        out.write(frame.toByteArray());
        out.flush();
    }

    void setReadTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** True when the server closed the connection (read returns end of stream), waiting up to the timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // connection reset: closed as well
        }
    }

    private Frame readFrameBody() throws IOException {
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        byte[] data = new byte[length];
        in.readFully(data);
        return new Frame(channel, data);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a header");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
