package org.nvr.storage.cameras;

import java.util.Locale;

/** How a stored camera was added. */
public enum CameraSource {
    /** Through the admin API, by RTSP URL. */
    RTSP,
    /** Through the admin API, by ONVIF device address (PTZ, time and encoder configuration available). */
    ONVIF,
    /** From nvr.yaml, copied at every start; the file wins for its ids. */
    CONFIG;

    /** The value stored and shown: {@code rtsp}, {@code onvif}, {@code config}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source for a stored token; IllegalArgumentException for anything else. */
    public static CameraSource fromToken(String token) {
        for (CameraSource s : values()) {
            if (s.token().equals(token)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown camera source '" + token + "'");
    }
}
