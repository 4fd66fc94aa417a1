package org.nvr.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 GET over a plain socket (RFC 9112), the body read 256 KiB at a time and discarded: the least a
 * client can do, so that the export endpoint's throughput is not the client's.
 */
final class RawHttpGet {
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private RawHttpGet() {
    }

    /**
     * @return the body's length
     * @throws IOException unless the answer is 200 with {@code expectedBytes} of body
     */
    static long fetch(int port, String path, String authorization, long expectedBytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException("export over HTTP answered " + head.lines().findFirst().orElse(""));
            }
            long length = contentLength(head);
            byte[] buffer = new byte[BUFFER_BYTES];
            long body = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body += n;
            }
            if (length != expectedBytes || body != expectedBytes) {
                throw new IOException("export over HTTP sent " + body + " bytes (Content-Length " + length
                        + "), expected " + expectedBytes);
            }
            return body;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEADER_BYTES) {
                throw new IOException("no complete HTTP header from the export endpoint");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).strip());
            }
        }
        return -1;
    }
}
