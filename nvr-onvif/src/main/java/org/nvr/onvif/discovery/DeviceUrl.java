package org.nvr.onvif.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The device service URL of an ONVIF device, as discovered or typed by an admin. {@link #parse(String)} accepts
 * a full URL ({@code http://10.0.0.5/onvif/device_service}), a bare host ({@code 10.0.0.5},
 * {@code cam-3.site.example}, {@code [2001:db8::5]}) or host and port ({@code 10.0.0.5:8080}); the path defaults
 * to {@code /onvif/device_service}, the entry point ONVIF Core §5.1 fixes for the device service.
 *
 * @param uri an absolute http or https URL with a host, without user info (credentials never go into URLs:
 *     they would end up in logs)
 */
public record DeviceUrl(URI uri) {
    /** The device service path every ONVIF device serves. */
    public static final String DEFAULT_PATH = "/onvif/device_service";
    private static final int MAX_CHARS = 2048;

    public DeviceUrl {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("device URL must be http or https: " + safe(uri.toString()));
        }
        if (uri.getRawUserInfo() != null) {
            // Do not echo it: user info holds a user name and often a password.
            throw new IllegalArgumentException("device URL must not contain credentials (user@host); "
                    + "configure them separately");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("device URL has no host: " + safe(uri.toString()));
        }
    }

    /** Parses what an admin typed; malformed text gives an {@link IllegalArgumentException} naming it. */
    public static DeviceUrl parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty() || t.length() > MAX_CHARS) {
            throw new IllegalArgumentException("not a device URL or host: \"" + safe(t) + "\"");
        }
        if (t.indexOf('@') >= 0) {
            throw new IllegalArgumentException("device URL must not contain credentials (user@host); "
                    + "configure them separately");
        }
        String full = t.contains("://") ? t : "http://" + t;
        URI uri;
        try {
            uri = new URI(full);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a device URL or host: \"" + safe(t) + "\"", e);
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null
                || uri.getPort() == 0 || uri.getPort() > 65_535
                || (uri.getPort() < 0 && uri.getRawAuthority().endsWith(":"))) {
            // java.net.URI leaves host null for authorities it cannot read as host:port ("10.0.0.5:x").
            throw new IllegalArgumentException("not a device URL or host: \"" + safe(t) + "\"");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            try {
                uri = new URI(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + DEFAULT_PATH
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a device URL or host: \"" + safe(t) + "\"", e);
            }
        }
        return new DeviceUrl(uri);
    }

    private static String safe(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
