package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin route table: finds the route for a method and a raw request path. Paths are split on {@code /}
 * before percent-decoding (RFC 3986 §2.4), so an encoded {@code %2F} never turns one segment into two; decoded
 * segments that could escape a directory ({@code .}, {@code ..}, {@code /}, {@code \}, NUL) are refused outright,
 * so no handler ever sees them. GET routes also serve HEAD (RFC 9110 §9.3.2).
 */
public final class Router {
    private final List<Route> routes;

    /**
     * @throws IllegalArgumentException if two routes have the same method and pattern
     */
    public Router(List<Route> routes) {
        List<Route> copy = List.copyOf(routes);
        for (int i = 0; i < copy.size(); i++) {
            for (int j = i + 1; j < copy.size(); j++) {
                Route a = copy.get(i);
                Route b = copy.get(j);
                if (a.method().equals(b.method()) && a.pattern().equals(b.pattern())) {
                    throw new IllegalArgumentException("route " + a.method() + " " + a.pattern() + " is registered twice");
                }
            }
        }
        this.routes = copy;
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * Resolves a request.
     *
     * @param rawPath the request target's path, still percent-encoded, without the query
     */
    public RouteResolution resolve(HttpMethod method, String rawPath) {
        List<String> segments;
        try {
            segments = decodeSegments(rawPath);
        } catch (IllegalArgumentException e) {
            return new RouteResolution.BadPath(e.getMessage());
        }
        HttpMethod wanted = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
        Route best = null;
        Map<String, String> bestParams = null;
        List<HttpMethod> allowed = new ArrayList<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.pattern().match(segments);
            if (params.isEmpty()) {
                continue;
            }
            if (!allowed.contains(route.method())) {
                allowed.add(route.method());
                if (HttpMethod.GET.equals(route.method())) {
                    allowed.add(HttpMethod.HEAD);
                }
            }
            if (route.method().equals(wanted)
                    && (best == null || route.pattern().literalCount() > best.pattern().literalCount())) {
                best = route;
                bestParams = params.get();
            }
        }
        if (best != null) {
            return new RouteResolution.Found(best, bestParams);
        }
        return allowed.isEmpty() ? new RouteResolution.NotFound() : new RouteResolution.MethodNotAllowed(allowed);
    }

    /** Splits a raw absolute path into percent-decoded segments; IllegalArgumentException if it is unsafe. */
    static List<String> decodeSegments(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new IllegalArgumentException("request path must start with /");
        }
        List<String> segments = new ArrayList<>();
        if (rawPath.length() == 1) {
            return segments;
        }
        for (String raw : rawPath.substring(1).split("/", -1)) {
            String segment = percentDecode(raw);
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("request path must not have dot segments");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                    throw new IllegalArgumentException("request path segment holds an encoded separator or"
                            + " control character");
                }
            }
            segments.add(segment);
        }
        return segments;
    }

    /** RFC 3986 §2.1 percent-decoding of one segment as UTF-8; '+' stays '+' (it means space only in forms). */
    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("request path has a truncated %-escape");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("request path has a bad %-escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("request path is not UTF-8 once decoded");
        }
    }
}
