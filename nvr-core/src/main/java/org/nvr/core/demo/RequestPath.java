package org.nvr.core.demo;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of a request URL the demo camera (and the benchmark's camera simulator) read:
 * {@code /<stream>[/trackID=0]}, e.g. {@code /cam17} or {@code rtsp://127.0.0.1:8554/cam17/trackID=0}. Any stream
 * name of {@code [A-Za-z0-9_-]} is a camera.
 *
 * @param stream the first path segment
 * @param track  the second one, or null
 */
public record RequestPath(String stream, String track) {

    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Parses a request URI (absolute or a path); empty when it names no stream. */
    public static Optional<RequestPath> parse(String uri) {
        String path = uri;
        if (uri.regionMatches(true, 0, "rtsp://", 0, 7)) {
            int slash = uri.indexOf('/', 7);
            path = slash < 0 ? "/" : uri.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        String[] segments = path.substring(1).split("/", -1);
        int count = segments.length;
        if (count > 1 && segments[count - 1].isEmpty()) {
            count--; // a trailing slash, as in a Content-Base
        }
        if (count < 1 || count > 2 || !STREAM_NAME.matcher(segments[0]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new RequestPath(segments[0], count == 2 ? segments[1] : null));
    }

    /**
     * The stream's base URL with a trailing slash (RFC 2326 §C.1.1 Content-Base): as the client named the server
     * when the request URL is absolute, else from the address it connected to.
     */
    public String baseUrl(String uri, InetSocketAddress local) {
        if (uri.toLowerCase(Locale.ROOT).startsWith("rtsp://")) {
            int slash = uri.indexOf('/', "rtsp://".length());
            String authority = slash < 0 ? uri : uri.substring(0, slash);
            return authority + "/" + stream + "/";
        }
        String host = local.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "rtsp://" + host + ":" + local.getPort() + "/" + stream + "/";
    }
}
