package org.nvr.storage.cameras;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One stream of a stored camera.
 *
 * @param name         {@code main} or {@code sub}
 * @param url          RTSP URL without credentials ({@code rtsp://host[:port]/path})
 * @param profileToken the ONVIF media profile the URL came from, for cameras added by ONVIF
 */
public record StoredStream(String name, String url, Optional<String> profileToken) {
    /** Stream names a camera may have. */
    public static final Set<String> NAMES = Set.of("main", "sub");
    /** Longest URL kept (the column's size). */
    public static final int MAX_URL_CHARS = 1024;
    /** Longest profile token kept; ONVIF ReferenceToken is at most 64 characters (ONVIF schema, tt:ReferenceToken). */
    public static final int MAX_TOKEN_CHARS = 64;

    public StoredStream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(profileToken, "profileToken");
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("stream name must be main or sub: '" + name + "'");
        }
        if (!url.regionMatches(true, 0, "rtsp://", 0, 7) || url.length() > MAX_URL_CHARS) {
            throw new IllegalArgumentException("stream url must be rtsp://... of at most " + MAX_URL_CHARS
                    + " characters");
        }
        int authorityEnd = url.indexOf('/', 7);
        String authority = authorityEnd < 0 ? url.substring(7) : url.substring(7, authorityEnd);
        if (authority.indexOf('@') >= 0) {
            // The URL is shown and logged; credentials live in their own columns.
            throw new IllegalArgumentException("stream url must not hold credentials");
        }
        profileToken.ifPresent(t -> {
            if (t.isEmpty() || t.length() > MAX_TOKEN_CHARS) {
                throw new IllegalArgumentException("profile token must be 1.." + MAX_TOKEN_CHARS + " characters");
            }
        });
    }
}
