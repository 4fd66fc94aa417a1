package org.nvr.core.rtsp.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A blocking RTSP server on 127.0.0.1 whose every answer a test scripts byte for byte: the camera stand-in for
 * quirks no real peer here produces (bad headers, garbage, redirects, digest challenges).
 */
final class ScriptedRtspServer implements AutoCloseable {
    /** One request as received. Header names are lower-cased. */
    record Request(String method, String uri, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers a request; may also write raw bytes to {@code out} (interleaved frames) before or after. */
    interface Script {
        void answer(Request request, Connection connection) throws IOException;
    }

    /** The connection a request came on. */
    static final class Connection {
        private final OutputStream out;
        final List<Integer> interleavedChannelsReceived = new CopyOnWriteArrayList<>();

        Connection(OutputStream out) {
            this.out = out;
        }

        /** Writes {@code RTSP/1.0 status reason}, the CSeq of {@code request}, the headers and the body. */
        void reply(Request request, int status, String reason, String headers, String body) throws IOException {
            StringBuilder text = new StringBuilder("RTSP/1.0 ").append(status).append(' ').append(reason)
                    .append("\r\nCSeq: ").append(request.header("CSeq")).append("\r\n");
            text.append(headers);
            byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (bodyBytes.length > 0) {
                text.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            }
            text.append("\r\n");
            synchronized (this) {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.write(bodyBytes);
                out.flush();
            }
        }

        void write(byte[] bytes) throws IOException {
            synchronized (this) {
                out.write(bytes);
                out.flush();
            }
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Connection> connections = new CopyOnWriteArrayList<>();

    ScriptedRtspServer(Script script) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-rtsp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + port() + path;
    }

    List<String> methods() {
        List<String> methods = new ArrayList<>();
        requests.forEach(r -> methods.add(r.method()));
        return methods;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread reader = new Thread(() -> serve(socket), "scripted-rtsp-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            Connection connection = new Connection(socket.getOutputStream());
            connections.add(connection);
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == '$') {
                    int channel = in.read();
                    int length = (in.read() << 8) | in.read();
                    in.readNBytes(length);
                    connection.interleavedChannelsReceived.add(channel);
                    continue;
                }
                Request request = readRequest(first, in);
                requests.add(request);
                script.answer(request, connection);
            }
        } catch (IOException e) {
            // The client closed the connection or the test closed the server: nothing more to serve.
        }
    }

    private static Request readRequest(int first, InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        while (!endsWithBlankLine(head.toByteArray())) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof in request");
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.UTF_8).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Request(start[0], start[1], headers, body);
    }

    private static boolean endsWithBlankLine(byte[] b) {
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
