package org.nvr.core.rtsp.server;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.regex.Pattern;

/**
 * A request as the server handles it: copied out of Netty's message at once (which is released), so that it
 * can wait for the blocking executor without holding a buffer.
 *
 * @param method    the method token, e.g. {@code DESCRIBE}
 * @param uri       the request line's URI
 * @param headers   the headers (a copy)
 * @param cseq      the {@code CSeq} (RFC 2326 §12.17) when it is a number, else null
 * @param malformed why the request could not be parsed, or null
 */
record RtspRequest(String method, String uri, HttpHeaders headers, String cseq, String malformed) {

    private static final Pattern CSEQ = Pattern.compile("[0-9]{1,9}");

    /** A CSeq header value if it is a plain number, else null. */
    static String cseqOf(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        return CSEQ.matcher(value).matches() ? value : null;
    }

    String header(CharSequence name) {
        return headers.get(name);
    }
}
