package org.nvr.storage.segment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a fixed set of in-memory files over HTTP on 127.0.0.1 (an ephemeral port), for a browser under test. GET
 * and HEAD only; a single {@code Range: bytes=first-[last]} is answered with 206 (RFC 9110 §14), as a media server
 * would, so that Chromium's {@code <video src>} may seek in the file. Every request is recorded (bounded) for failure
 * messages.
 */
final class LoopbackHttpServer implements AutoCloseable {
    /** Served file: its media type and bytes. */
    record Resource(String contentType, byte[] body) {
        Resource {
            body = body.clone();
        }
    }

    private static final int THREADS = 4;
    private static final int QUEUED_EXCHANGES = 64;
    private static final int MAX_LOGGED_REQUESTS = 256;
    private static final int STOP_DELAY_SECONDS = 0;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final Map<String, Resource> resources;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final List<String> requests = new ArrayList<>();

    private LoopbackHttpServer(Map<String, Resource> resources) throws IOException {
        this.resources = Map.copyOf(resources);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_EXCHANGES));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts serving {@code resources}, keyed by absolute path ({@code "/segment.mp4"}). */
    static LoopbackHttpServer start(Map<String, Resource> resources) {
        try {
            return new LoopbackHttpServer(resources);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The requests so far, one line each: method, path, range header, status. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            Resource resource = resources.get(path);
            int status;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                status = 405;
                exchange.sendResponseHeaders(status, -1);
            } else if (resource == null) {
                status = 404;
                exchange.sendResponseHeaders(status, -1);
            } else {
                status = respond(exchange, resource, range, method.equals("HEAD"));
            }
            log(method + " " + path + " range=" + range + " -> " + status);
        }
    }

    private int respond(HttpExchange exchange, Resource resource, String range, boolean head) throws IOException {
        byte[] body = resource.body();
        int first = 0;
        int last = body.length - 1;
        int status = 200;
        if (range != null) {
            Matcher matcher = RANGE.matcher(range.strip());
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) >= body.length) {
                // RFC 9110 §15.5.17: an unsatisfiable range gets 416 with the complete length.
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                return 416;
            }
            first = Integer.parseInt(matcher.group(1));
            if (!matcher.group(2).isEmpty()) {
                last = (int) Math.min(Long.parseLong(matcher.group(2)), body.length - 1L);
            }
            if (last < first) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                exchange.sendResponseHeaders(416, -1);
                return 416;
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + body.length);
        }
        int length = last - first + 1;
        exchange.getResponseHeaders().set("Content-Type", resource.contentType());
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body, first, length);
        }
        return status;
    }

    private synchronized void log(String line) {
        if (requests.size() < MAX_LOGGED_REQUESTS) {
            requests.add(line);
        }
    }
}
