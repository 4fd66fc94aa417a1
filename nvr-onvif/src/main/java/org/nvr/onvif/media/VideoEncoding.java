package org.nvr.onvif.media;

/** Video codec of an encoder configuration (Media1 {@code tt:VideoEncoding}, Media2 MIME subtype names). */
public enum VideoEncoding {
    H264, H265, JPEG, MPEG4, OTHER;

    /** Media1 uses H264/JPEG/MPEG4; Media2 names like RFC 6838 subtypes (H264, H265, JPEG, MPV4-ES). */
    public static VideoEncoding fromWire(String text) {
        switch (text.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "H264":
                return H264;
            case "H265":
            case "HEVC":
                return H265;
            case "JPEG":
                return JPEG;
            case "MPEG4":
            case "MPV4-ES":
                return MPEG4;
            default:
                return OTHER;
        }
    }
}
