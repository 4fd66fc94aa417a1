package org.nvr.core.rtsp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.nvr.core.model.MalformedInputException;

/**
 * An RTSP URL split into the URL to send (no user information: RFC 2326 clients authenticate with headers, and
 * a URL with credentials must not reach logs) and the user and password it carried.
 *
 * @param urlWithoutUserInfo the URL with {@code user:password@} removed
 * @param user               the percent-decoded user, empty when the URL has none
 * @param password           the percent-decoded password, empty when the URL has none
 */
public record UrlCredentials(String urlWithoutUserInfo, String user, String password) {

    public UrlCredentials {
        Objects.requireNonNull(urlWithoutUserInfo, "urlWithoutUserInfo");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Whether the URL carried a user. */
    public boolean hasCredentials() {
        return !user.isEmpty();
    }

    /**
     * Splits and validates an {@code rtsp://} or {@code rtsps://} URL:
     * {@code scheme://[user[:password]@]host[:port][/path][?query]}.
     * The host may be a name, an IPv4 address or a bracketed IPv6 address; the port must be 1..65535.
     * The user information ends at the last {@code @} before the path, so an unencoded {@code @} in a password
     * (common in camera configurations) still works.
     *
     * @throws MalformedInputException with the URL redacted, if the scheme, host, port or a percent escape is bad
     */
    public static UrlCredentials split(String url) {
        Objects.requireNonNull(url, "url");
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
            throw bad(url, "scheme is not rtsp:// or rtsps://");
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = RtspUrls.indexOfAny(url, authorityStart, "/?#");
        if (authorityEnd < 0) {
            authorityEnd = url.length();
        }
        String authority = url.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        String user = "";
        String password = "";
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = percentDecode(url, colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : percentDecode(url, userInfo.substring(colon + 1));
        }
        String hostPort = authority.substring(at + 1);
        validateHostPort(url, hostPort);
        return new UrlCredentials(url.substring(0, authorityStart) + hostPort + url.substring(authorityEnd),
                user, password);
    }

    private static void validateHostPort(String url, String hostPort) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad(url, "IPv6 host has no closing ']'");
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(url, "unexpected characters after the IPv6 host");
                }
                port = rest.substring(1);
            }
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw bad(url, "bad IPv6 host");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            // RFC 3986 §3.2.2 reg-name, restricted to what DNS names and IPv4 addresses use.
            if (host.isEmpty() || !host.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                throw bad(url, "missing or bad host");
            }
        }
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 0xffff) {
                throw bad(url, "port is not in 1..65535");
            }
        }
    }

    /** RFC 3986 §2.1 percent-decoding into UTF-8; '+' stays '+' (it means space only in form data). */
    private static String percentDecode(String url, String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw bad(url, "bad percent escape in the user information");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] utf8 = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(c) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static MalformedInputException bad(String url, String what) {
        return new MalformedInputException("RTSP URL '" + RtspUrls.redact(url) + "': " + what);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "UrlCredentials[url=" + urlWithoutUserInfo + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + "]";
    }
}
