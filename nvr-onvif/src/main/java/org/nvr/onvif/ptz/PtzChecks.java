package org.nvr.onvif.ptz;

/** Input checks shared by the PTZ records and client; every message names the offending field. */
final class PtzChecks {
    /** tt:ReferenceToken is at most 64 characters (ONVIF schema onvif.xsd). */
    static final int MAX_TOKEN_CHARS = 64;
    /** tt:Name is at most 64 characters (ONVIF schema onvif.xsd), which bounds preset names. */
    static final int MAX_NAME_CHARS = 64;

    private PtzChecks() {
    }

    static String token(String field, String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS || !printable(token)) {
            throw new IllegalArgumentException("'" + field + "' must be 1.." + MAX_TOKEN_CHARS
                    + " printable characters: " + token);
        }
        return token;
    }

    static String name(String field, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS || !printable(name)) {
            throw new IllegalArgumentException("'" + field + "' must be 1.." + MAX_NAME_CHARS
                    + " printable characters: " + name);
        }
        return name;
    }

    static void finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("'" + field + "' must be a finite number: " + v);
        }
    }

    static void unit(String field, double v) {
        if (!(v >= -1 && v <= 1)) {
            throw new IllegalArgumentException("'" + field + "' velocity must be in [-1, 1]: " + v);
        }
    }

    /** No control characters (C0, DEL, C1): tokens and names end up in logs and UIs. */
    static boolean printable(String s) {
        return s.codePoints().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
    }
}
