package org.nvr.cli.client;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A path and query under the admin base URL, built from segments that are percent-encoded one by one, so that a
 * preset token such as {@code a/b} or {@code ..} cannot reach another route.
 *
 * @param pathAndQuery the encoded path, starting with '/', and query
 */
public record ApiPath(String pathAndQuery) {
    /** Camera ids as the configuration allows them ({@code cameras[].id} in nvr.yaml). */
    public static final Pattern CAMERA_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public ApiPath {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("'pathAndQuery' must start with '/': " + pathAndQuery);
        }
    }

    /** {@code /api/v1/} followed by the segments, each percent-encoded. */
    public static ApiPath api(String... segments) {
        StringBuilder path = new StringBuilder("/api/v1");
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("empty path segment");
            }
            // RFC 3986 §3.3/§5.2.4: "." and ".." are dot-segments that resolvers remove; encoded they are data.
            path.append('/').append(segment.equals(".") || segment.equals("..")
                    ? segment.replace(".", "%2E") : encode(segment));
        }
        return new ApiPath(path.toString());
    }

    /** {@code /api/v1/cameras/ID/...}, the camera id checked first. */
    public static ApiPath camera(String cameraId, String... more) throws ClientFailure {
        checkCameraId(cameraId);
        String[] segments = new String[more.length + 2];
        segments[0] = "cameras";
        segments[1] = cameraId;
        System.arraycopy(more, 0, segments, 2, more.length);
        return api(segments);
    }

    /** @throws ClientFailure USAGE unless {@code id} matches {@link #CAMERA_ID} */
    public static void checkCameraId(String id) throws ClientFailure {
        if (!CAMERA_ID.matcher(id).matches()) {
            throw ClientFailure.usage("'" + id + "' is not a camera id: lower case letters, digits, '_' and '-',"
                    + " at most 64 characters, starting with a letter or digit");
        }
    }

    /** This path with a query; parameters in the given order, values percent-encoded. */
    public ApiPath query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> p : new LinkedHashMap<>(parameters).entrySet()) {
            query.append(query.length() == 0 ? '?' : '&').append(encode(p.getKey())).append('=')
                    .append(encode(p.getValue()));
        }
        return new ApiPath(pathAndQuery + query);
    }

    /** RFC 3986 §2.3/§2.1: every byte outside the unreserved set percent-encoded (UTF-8). */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return pathAndQuery;
    }
}
