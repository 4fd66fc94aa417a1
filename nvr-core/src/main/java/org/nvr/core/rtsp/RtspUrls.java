package org.nvr.core.rtsp;

import java.util.Objects;

/** Control-URL resolution (RFC 2326 §C.1.1) and credential redaction for RTSP URLs. */
public final class RtspUrls {

    private RtspUrls() {
    }

    /**
     * Resolves an SDP {@code a=control} attribute against the base URL (RFC 2326 §C.1.1: the Content-Base header,
     * else Content-Location, else the DESCRIBE URL).
     * <ul>
     *   <li>an absolute URL ({@code scheme://...}) is used as it is (Hikvision, VLC, Axis);</li>
     *   <li>{@code *} or an empty control means the base itself (aggregate control, or a single stream);</li>
     *   <li>a path starting with {@code /} replaces the base's path (RFC 3986 §5.2.2);</li>
     *   <li>anything else is appended to the whole base with one {@code /} between them. This is not RFC 3986
     *       resolution (which would drop the base's last segment and query) but what ffmpeg and live555 send and
     *       cameras expect: Dahua's Content-Base is {@code .../realmonitor?channel=1&subtype=0/} and it wants
     *       {@code .../realmonitor?channel=1&subtype=0/trackID=0}; GStreamer's is {@code .../cam1/} for
     *       {@code stream=0}.</li>
     * </ul>
     */
    public static String resolveControl(String base, String control) {
        Objects.requireNonNull(base, "base");
        String c = control == null ? "" : control.strip();
        if (c.isEmpty() || c.equals("*")) {
            return base;
        }
        if (hasScheme(c)) {
            return c;
        }
        if (c.startsWith("/")) {
            int schemeEnd = base.indexOf("://");
            int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
            int pathStart = indexOfAny(base, authorityStart, "/?#");
            return (pathStart < 0 ? base : base.substring(0, pathStart)) + c;
        }
        return base.endsWith("/") ? base + c : base + "/" + c;
    }

    /**
     * The URL without its user information, for logs and error messages: everything between {@code ://} and the
     * last {@code @} is removed. The last {@code @} of the whole string is used, not the one inside the
     * authority, because cameras' passwords are often written unencoded and may contain {@code /}, {@code ?} or
     * {@code @}; removing too much from a URL whose path holds an {@code @} is the safe failure. Never throws.
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int schemeEnd = url.indexOf("://");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = url.lastIndexOf('@');
        if (at < authorityStart) {
            return url;
        }
        return url.substring(0, authorityStart) + url.substring(at + 1);
    }

    /** RFC 3986 §3.1: {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}, here followed by {@code ://}. */
    static boolean hasScheme(String s) {
        int sep = s.indexOf("://");
        if (sep <= 0) {
            return false;
        }
        for (int i = 0; i < sep; i++) {
            char ch = s.charAt(i);
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
                    || i > 0 && (ch >= '0' && ch <= '9' || ch == '+' || ch == '-' || ch == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
